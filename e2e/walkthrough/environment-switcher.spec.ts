import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAndWait } from "../helpers";

// Issue 17, item 3, by keyboard only: the switcher names the current environment, changes only on
// an explicit choice (WCAG 3.2.2), and opens the same page with the same view and search in the
// other environment, or its overview when the user may not see that page there.

/** Presses Tab from the top of the page until `target` has focus, as a keyboard user reaches it. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 15; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("Tab never reached the control");
}

const focused = (page: Page) => page.locator(":focus");
/** The whole address ends with `path` (query included). */
const at = (path: string) => new RegExp(`^[^?]*//[^/]+${path.replace(/[?.]/g, "\\$&")}$`);

test("sam switches the pending mailboxes he searched from Production to Sandbox, by keyboard", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  const url = "/environments/production/mailboxes?view=pending&q=ada";
  await page.goto(url);
  const switcher = page.getByRole("button", { name: "Environment, Contoso Production" });
  await tabTo(page, switcher);
  await expect(switcher).toHaveAttribute("aria-expanded", "false");

  // Arrow keys on the closed switcher change nothing.
  await page.keyboard.press("ArrowDown");
  await expect(page).toHaveURL(at(url));
  await page.keyboard.press("Enter");
  await expect(switcher).toHaveAttribute("aria-expanded", "true");
  const list = page.getByRole("list", { name: "Environments" });
  await expect(list.getByRole("link")).toHaveText(["Contoso Production (current)", "Contoso Sandbox"]);

  // Moving through the choices changes nothing either.
  await page.keyboard.press("ArrowDown");
  await expect(focused(page)).toHaveText("Contoso Production (current)");
  await page.keyboard.press("ArrowDown");
  await expect(focused(page)).toHaveText("Contoso Sandbox");
  await expect(page).toHaveURL(at(url));

  // Escape closes it and gives focus back to the switcher.
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(switcher).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowUp");
  await expect(focused(page)).toHaveText("Contoso Sandbox");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at("/environments/sandbox/mailboxes?view=pending&q=ada"));
  await expect(page.getByRole("button", { name: "Environment, Contoso Sandbox" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Sandbox");
});

for (const [label, path] of [
  ["Email settings", "settings/email"],
  ["Server profiles", "settings/server-profiles"],
] as const) {
  test(`sam switches ${label} from Sandbox to Production: the same page, never "not found"`, async ({ page }) => {
    await signInAndWait(page, "sam", "Sam Sato");
    await page.goto(`/environments/sandbox/${path}`);
    const switcher = page.getByRole("button", { name: "Environment, Contoso Sandbox" });
    await tabTo(page, switcher);
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await expect(focused(page)).toHaveText("Contoso Production");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(at(`/environments/production/${path}`));
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  });
}

test("cora switches Email settings to Production, where she may not see them: its overview", async ({ page }) => {
  // Cora is System Administrator of Contoso Queue Defaults (e2e/fixtures/walkthrough-environments.ts)
  // and System Customizer of Production.
  await signInAndWait(page, "cora", "Cora Chen");
  await page.goto("/environments/queue-defaults/settings/email");
  const switcher = page.getByRole("button", { name: "Environment, Contoso Queue Defaults" });
  await tabTo(page, switcher);
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await expect(focused(page)).toHaveText("Contoso Production");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at("/environments/production"));
  await expect(page.getByRole("heading", { level: 1, name: "Contoso Production" })).toBeVisible();
});
