import type { Locator, Page } from "@playwright/test";
import { dmaPage, holderRow } from "../admin-helpers";
import { OWN_ENVIRONMENTS } from "../environments";
import { expect, test } from "../personas";

// Issue 17: the delegate-and-approve story with the keyboard alone — no clicks, no fill(): only
// Tab, Shift+Tab, arrows, Enter, Space, Escape and typing. After each dialog, focus is back on the
// command that opened it. Serial, in a copy of Production of its own (evan and dana are members).
const { slug } = OWN_ENVIRONMENTS.keyboardOnly;

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses `key` (Tab, Shift+Tab, ArrowDown…) until `target` has focus, as a keyboard user reaches it. */
async function pressUntil(page: Page, key: string, target: Locator, limit = 100) {
  for (let presses = 0; presses < limit; presses++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  if (!(await isFocused(target))) throw new Error(`${key} never reached the control`);
}

/** The text of the grid row that holds the focus. */
const focusedRow = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest("tr")?.textContent?.replace(/\s+/g, " ") ?? "");

/** Presses ArrowDown in the grid until the focused row is `name`'s. */
async function arrowDownToRow(page: Page, name: string) {
  for (let presses = 0; presses < 30; presses++) {
    if ((await focusedRow(page)).includes(name)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`ArrowDown never reached ${name}`);
}

test.describe.serial("by keyboard only: evan delegates to dana, dana approves two mailboxes", () => {
  // A story of some 150 key presses, each checked: past the 60 s default on this shared 2-core machine.
  test.setTimeout(180_000);
  test("evan delegates Delegated Mailbox Approver to dana with a justification and an end date", async ({
    signedIn,
  }) => {
    const page = await signedIn("evan");
    await page.goto(dmaPage(slug));
    const delegate = page
      .getByRole("toolbar", { name: "Delegation commands" })
      .getByRole("button", { name: "Delegate" });
    await pressUntil(page, "Tab", delegate);
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
    await expect(panel).toBeVisible();

    // Escape closes the panel and focus is back on Delegate; Enter opens it again. The browser closes
    // the <dialog> at once and React follows on its close event, which drops the panel's form: an
    // Enter between the two found the panel still open in React's state and changed nothing (a
    // fresh-clone run, session 10). A person's next key comes long after; the test waits as long.
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(delegate).toBeFocused();
    await expect(page.locator("dialog").getByRole("combobox", { name: "User", includeHidden: true })).toHaveCount(0);
    await page.keyboard.press("Enter");
    await expect(panel).toBeVisible();

    await pressUntil(page, "Tab", panel.getByRole("combobox", { name: "User" }));
    await page.keyboard.type("dana@contoso.com");
    await expect(panel.getByRole("option", { name: /^Dana Diaz/ })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(panel.getByRole("status", { name: "User search" })).toHaveText("Chosen: Dana Diaz.");

    await pressUntil(page, "Tab", panel.getByLabel("Justification"));
    await page.keyboard.type("Covers onboarding while the team is away");
    await pressUntil(page, "Tab", panel.getByLabel("End date (optional)"));
    // Typed into the date field's segments: 3 March 2027 reads the same whether the browser's locale
    // puts the day or the month first. Then the optional time, in the viewer's zone (UTC here); the
    // trailing "A" (AM) is ignored by a 24-hour clock.
    await page.keyboard.type("03032027");
    await expect(panel.getByLabel("End date (optional)")).toHaveValue("2027-03-03");
    await pressUntil(page, "Tab", panel.getByLabel("End time (optional)"));
    await page.keyboard.type("1100A");
    await expect(panel.getByLabel("End time (optional)")).toHaveValue("11:00");
    await pressUntil(page, "Tab", panel.getByRole("button", { name: "Delegate" }));
    await page.keyboard.press("Enter");

    await expect(panel).toBeHidden();
    await expect(page.getByRole("status", { name: "Delegated" })).toBeVisible();
    await expect(delegate).toBeFocused();
    const row = holderRow(page, "Dana Diaz");
    await expect(row).toContainText("3 Mar 2027");
    await expect(row).toContainText("Covers onboarding while the team is away");
    await expect(row).toContainText("Evan Evans");
  });

  test("dana selects Lena and Nina in the grid with arrows and Space, and approves them", async ({ signedIn }) => {
    const page = await signedIn("dana");
    await page.goto(`/environments/${slug}/mailboxes?view=pending`);
    const grid = page.getByRole("grid", { name: "Mailboxes" });
    const approve = page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", {
      name: "Approve Email",
    });

    // The grid is one tab stop: Tab lands on the first row's checkbox, and one more Tab leaves the grid.
    const first = grid.getByRole("row").nth(1).getByRole("checkbox");
    await pressUntil(page, "Tab", first);
    await arrowDownToRow(page, "Lena Lopez");
    await page.keyboard.press("Space");
    await expect(grid.getByRole("checkbox", { name: "Select Lena Lopez" })).toBeChecked();
    // Space toggles the row's selection from any of its cells: here from the name's link.
    await arrowDownToRow(page, "Nina Novak");
    await page.keyboard.press("ArrowRight");
    await expect(grid.getByRole("link", { name: "Nina Novak" })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(grid.getByRole("checkbox", { name: "Select Nina Novak" })).toBeChecked();
    await expect(grid.getByRole("row", { selected: true })).toHaveCount(2);

    // Back to the command bar (one stop; arrows move inside it), then Approve Email.
    await pressUntil(page, "Shift+Tab", approve, 5);
    await page.keyboard.press("ArrowRight");
    await expect(page.getByRole("button", { name: "Reject Email" })).toBeFocused();
    await page.keyboard.press("ArrowLeft");
    await expect(approve).toBeFocused();

    // Cancel first: focus comes back to Approve Email.
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Approve Email" });
    await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText("2 pending mailboxes will be approved");
    await pressUntil(page, "Tab", dialog.getByRole("button", { name: "Cancel" }));
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(approve).toBeFocused();

    // Then OK, and Close on the results: focus is back on Approve Email, the result was announced.
    await page.keyboard.press("Enter");
    await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText("2 pending mailboxes will be approved");
    await pressUntil(page, "Tab", dialog.getByRole("button", { name: "OK" }));
    await page.keyboard.press("Enter");
    await expect(dialog.getByTestId("run-summary")).toHaveText("2 approved, 0 unchanged, 0 refused.");
    await expect(page.getByTestId("live-polite")).toHaveText("2 approved, 0 unchanged, 0 refused.");
    await pressUntil(page, "Tab", dialog.getByRole("button", { name: "Close" }));
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(approve).toBeFocused();
    await expect(grid.getByRole("link", { name: "Lena Lopez" })).toBeHidden();
    await expect(grid.getByRole("link", { name: "Nina Novak" })).toBeHidden();

    // Enter on a row opens its mailbox.
    await pressUntil(page, "Tab", grid.getByRole("row").nth(1).getByRole("checkbox"));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("region", { name: "General" })).toBeVisible();
  });
});
