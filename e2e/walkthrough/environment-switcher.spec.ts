import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../personas";

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

/**
 * Presses ArrowDown in the open list until the link named `name` has focus. Sam and Cora are
 * members of more environments than these two (the specs' own copies, e2e/environments.ts), so
 * the choice is found by its name, as a keyboard user would, not by its place.
 */
async function arrowTo(page: Page, name: string) {
  const links = await page.getByRole("list", { name: "Environments" }).getByRole("link").count();
  for (let presses = 0; presses < links; presses++) {
    await page.keyboard.press("ArrowDown");
    if ((await focused(page).textContent())?.replace(/\s+/g, " ").trim() === name) return;
  }
  throw new Error(`ArrowDown never reached ${name}`);
}
/** The whole address ends with `path` (query included). */
const at = (path: string) => new RegExp(`^[^?]*//[^/]+${path.replace(/[?.]/g, "\\$&")}$`);

test("sam switches the pending mailboxes he searched from Production to Sandbox, by keyboard", async ({ signedIn }) => {
  const page = await signedIn("sam");
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
  await expect(list.getByRole("link", { name: /\(current\)$/ })).toHaveText(["Contoso Production (current)"]);
  await expect(list.getByRole("link", { name: "Contoso Sandbox", exact: true })).toHaveCount(1);

  // Moving through the choices changes nothing either.
  await arrowTo(page, "Contoso Production (current)");
  await arrowTo(page, "Contoso Sandbox");
  await expect(page).toHaveURL(at(url));

  // Escape closes it and gives focus back to the switcher.
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await expect(switcher).toBeFocused();

  // Open again: ArrowUp starts from the end of the list.
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowUp");
  await expect(focused(page)).toHaveText((await list.getByRole("link").last().textContent())!);
  await arrowTo(page, "Contoso Sandbox");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at("/environments/sandbox/mailboxes?view=pending&q=ada"));
  await expect(page.getByRole("button", { name: "Environment, Contoso Sandbox" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Sandbox");
});

for (const [label, path] of [
  ["Email settings", "settings/email"],
  ["Server profiles", "settings/server-profiles"],
] as const) {
  test(`sam switches ${label} from Sandbox to Production: the same page, never "not found"`, async ({ signedIn }) => {
    const page = await signedIn("sam");
    await page.goto(`/environments/sandbox/${path}`);
    const switcher = page.getByRole("button", { name: "Environment, Contoso Sandbox" });
    await tabTo(page, switcher);
    await page.keyboard.press("Enter");
    await arrowTo(page, "Contoso Production");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(at(`/environments/production/${path}`));
    await expect(page.getByRole("heading", { level: 1, name: label })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  });
}

test("cora switches Email settings to Production, where she may not see them: its overview", async ({ signedIn }) => {
  // Cora is System Administrator of Contoso Queue Defaults (e2e/fixtures/walkthrough-environments.ts)
  // and System Customizer of Production.
  const page = await signedIn("cora");
  await page.goto("/environments/queue-defaults/settings/email");
  const switcher = page.getByRole("button", { name: "Environment, Contoso Queue Defaults" });
  await tabTo(page, switcher);
  await page.keyboard.press("Enter");
  await arrowTo(page, "Contoso Production");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(at("/environments/production"));
  await expect(page.getByRole("heading", { level: 1, name: "Contoso Production" })).toBeVisible();
});
