import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageStateOf } from "../personas";
import { pageAddresses, pageRoutesOfApp } from "./page-addresses";

// Issue 17: WCAG 2.2 AA as a tested property. axe-core checks every page route for a privileged
// user (Ava, Global Administrator) and a Basic User (Bob, who gets "not found" or a refusal on
// most of them): no critical and no serious violation on any page, in light mode (every rule of
// the tags) and dark mode (the colour rules: all the theme changes).

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** The page's critical and serious violations, one line each, so a failure names what to fix. */
async function seriousViolations(page: Page, colorScheme: "light" | "dark"): Promise<string[]> {
  await page.emulateMedia({ colorScheme });
  // Legacy mode runs axe.run in the page itself. The default mode finishes every run in a new blank
  // tab (to merge the results of cross-origin frames), a second renderer per check; the portal has
  // no frames, so the results are the same.
  const builder = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ["violations"] });
  const { violations } = await (
    colorScheme === "dark" ? builder.withRules(COLOUR_RULES) : builder.withTags(TAGS)
  ).analyze();
  return violations
    .filter((v) => v.impact === "critical" || v.impact === "serious")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// Every "not found" answer is one and the same page (Bob gets it on most environment routes): axe
// checks it the first time a worker meets it, and after that each route only proves it answers it.
let isNotFoundChecked = false;

async function checkBothThemes(page: Page, url: string) {
  const response = await page.goto(url);
  expect.soft(response?.status(), `${url} answers`).toBeLessThan(500);
  if (response?.status() === 404) {
    await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
    if (isNotFoundChecked) return;
    isNotFoundChecked = true;
  }
  for (const colorScheme of ["light", "dark"] as const)
    expect.soft(await seriousViolations(page, colorScheme), `${url}, ${colorScheme} mode`).toEqual([]);
}

test("every page of the app has addresses to check", () => {
  expect(Object.keys(pageAddresses()).sort()).toEqual(pageRoutesOfApp());
});

test("the sign-in page, signed out", async ({ page }) => {
  await checkBothThemes(page, "/sign-in");
});

const PERSONAS = [
  { alias: "ava", name: "Ava Alvarez", role: "Global Administrator" },
  { alias: "bob", name: "Bob Brown", role: "Basic User" },
] as const;

for (const persona of PERSONAS) {
  test.describe(`${persona.name} (${persona.role})`, () => {
    // The persona's kept session (e2e/sign-in.setup.ts): no sign-in here, so the routes spread over the workers.
    test.use({ storageState: storageStateOf(persona.alias) });

    for (const route of pageRoutesOfApp().filter((r) => r !== "/sign-in")) {
      test(`${route}: no critical or serious violation, light and dark`, async ({ page }) => {
        test.setTimeout(120_000);
        for (const url of pageAddresses()[route] ?? []) await checkBothThemes(page, url);
      });
    }
  });
}

test.describe("Ava's kept session", () => {
  test.use({ storageState: storageStateOf("ava") });
  test("Ava's dialogs and side panels, open: the Delegate panel, the Approve pre-check, the approval-off warning", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const env = "/environments/production";
    const check = async (what: string) => {
      for (const colorScheme of ["light", "dark"] as const)
        expect.soft(await seriousViolations(page, colorScheme), `${what}, ${colorScheme} mode`).toEqual([]);
    };

    await page.goto(`${env}/roles/delegated-mailbox-approver?delegate=1`);
    await expect(page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" })).toBeVisible();
    await check("the Delegate panel");

    // Opened and cancelled: nothing is approved. Ava approves only where she is System Administrator.
    await page.goto("/environments/approval-off/mailboxes?view=active");
    await page.getByRole("checkbox", { name: "Select Ava Alvarez" }).check();
    await page
      .getByRole("toolbar", { name: "Mailbox commands" })
      .getByRole("button", { name: "Approve Email" })
      .click();
    const approve = page.getByRole("dialog", { name: "Approve Email" });
    await expect(approve.getByRole("list", { name: "Pre-check" })).toBeVisible();
    await check("the Approve Email pre-check");
    await approve.getByRole("button", { name: "Cancel" }).click();
    await expect(approve).toBeHidden();

    // Asked and cancelled: nothing is saved (in an environment where no spec changes the settings).
    await page.goto("/environments/queue-defaults/settings/email");
    await page.getByRole("checkbox", { name: "Process emails only for approved users" }).uncheck();
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("dialog", { name: "Process email without approval?" })).toBeVisible();
    await check("the approval-off warning");
    await page.getByRole("button", { name: "Cancel" }).click();
  });
});
