import type { Page } from "@playwright/test";
import { expect, test } from "../personas";
import { expectNoSeriousViolations, seriousViolations } from "./axe";
import { pageAddresses, pageRoutesOfApp } from "./page-addresses";

// Issue 17: WCAG 2.2 AA as a tested property. axe-core checks every page route for a privileged
// user (Ava, Global Administrator) and a Basic User (Bob, who gets "not found" or a refusal on
// most of them): no critical and no serious violation on any page, in light mode (every rule of
// the tags) and dark mode (the colour rules: all the theme changes). See ./axe.ts.

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
  await expectNoSeriousViolations(page, url);
}

test("every page of the app has addresses to check", () => {
  expect(Object.keys(pageAddresses()).sort()).toEqual(pageRoutesOfApp());
});

// The checks themselves can fail: text readable in light mode only is a violation in dark mode
// alone, and an image without a text alternative one in light mode.
test("the check finds what each mode looks for", async ({ page }) => {
  await page.setContent(`<html lang="en"><title>t</title><style>
    p { color: #000; background: #fff }
    @media (prefers-color-scheme: dark) { p { color: #333; background: #000 } }
  </style><main><p>Dark grey on black</p><img src="data:," width="9" height="9"></main></html>`);
  expect(await seriousViolations(page, "light")).toEqual([
    "critical image-alt: Images must have alternative text — img",
  ]);
  expect(await seriousViolations(page, "dark")).toEqual([
    "serious color-contrast: Elements must meet minimum color contrast ratio thresholds — p",
  ]);
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
    for (const route of pageRoutesOfApp().filter((r) => r !== "/sign-in")) {
      test(`${route}: no critical or serious violation, light and dark`, async ({ signedIn }) => {
        test.setTimeout(120_000);
        const page = await signedIn(persona.alias);
        for (const url of pageAddresses()[route] ?? []) await checkBothThemes(page, url);
      });
    }
  });
}

test.describe("Ava's kept session", () => {
  test("Ava's dialogs and side panels, open: the Delegate panel, the Approve pre-check, the approval-off warning", async ({
    signedIn,
  }) => {
    test.setTimeout(180_000);
    const page = await signedIn("ava");
    const env = "/environments/production";
    const check = (what: string) => expectNoSeriousViolations(page, what);

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
