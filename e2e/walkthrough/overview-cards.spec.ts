import { expect, test } from "@playwright/test";
import { signInAndWait } from "../helpers";

// Issue 17, item 7: every mailbox count on an environment's overview opens its view of the grid,
// and the delegation card offers Delegate to those who may delegate. "Contoso Approval Off" holds
// one pending mailbox that no spec approves (e2e/fixtures/walkthrough-environments.ts).

test("ava opens the pending count of Contoso Approval Off and lands on exactly that view", async ({ page }) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  await page.goto("/environments/approval-off");
  const card = page.getByRole("region", { name: "Mailboxes by email address status" });
  await expect(card.getByRole("link")).toHaveText(["Pending approval 1", "Approved 0", "Rejected 0", "Inactive 0"]);
  await card.getByRole("link", { name: "Pending approval 1" }).click();
  await expect(page).toHaveURL(/\/environments\/approval-off\/mailboxes\?view=pending$/);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await expect(grid.getByRole("link", { name: "Ava Alvarez" })).toBeVisible();
  await expect(grid.getByRole("row")).toHaveCount(2);
});

test("ava, a Global Administrator, opens Delegate from the delegation card", async ({ page }) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  await page.goto("/environments/approval-off");
  const card = page.getByRole("region", { name: "Delegated Mailbox Approvers" });
  await card.getByRole("link", { name: "Delegate", exact: true }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("combobox", { name: "User" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(page.getByRole("table", { name: "Delegated Mailbox Approvers" })).toBeVisible();
});

test("sam, a System Administrator who may not delegate, sees the delegations link but no Delegate", async ({
  page,
}) => {
  await signInAndWait(page, "sam", "Sam Sato");
  await page.goto("/environments/production");
  const card = page.getByRole("region", { name: "Delegated Mailbox Approvers" });
  await expect(card.getByRole("link", { name: "Delegate", exact: true })).toHaveCount(0);
  await card.getByRole("link", { name: "See delegations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Delegated Mailbox Approver" })).toBeVisible();
});
