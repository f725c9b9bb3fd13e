import { MASS_REJECT } from "../fixtures/mass-action-environments";
import { expect, test } from "../personas";

// Contoso Mass Reject (e2e/fixtures/mass-action-environments.ts): 140 approved, 12 pending and 7
// rejected queue mailboxes that only this spec touches.
const ACTIVE = `/environments/${MASS_REJECT.slug}/mailboxes?view=active`;

test("ava selects all 159 matching on Active → Reject: the pre-check says 140 approved mailboxes will stop syncing, and OK waits for 152 typed", async ({
  signedIn,
}) => {
  test.slow();
  const page = await signedIn("ava");
  await page.goto(ACTIVE);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await grid.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("button", { name: "Select all 159 matching" }).click();
  await page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Reject Email" }).click();

  const dialog = page.getByRole("dialog", { name: "Reject Email" });
  const precheck = dialog.getByRole("list", { name: "Pre-check" });
  await expect(precheck.getByRole("listitem")).toHaveText([
    "140 approved mailboxes will stop syncingSynced 001, Synced 002, Synced 003, Synced 004, Synced 005 and 135 more",
    "12 pending mailboxes will be rejectedWaiting 01, Waiting 02, Waiting 03, Waiting 04, Waiting 05 and 7 more",
    "7 already rejected",
  ]);
  await dialog.getByLabel("Reason for rejecting").fill("These queues move to the new help desk.");
  const ok = dialog.getByRole("button", { name: "OK" });
  const typed = dialog.getByLabel("Type 152 to confirm");
  await expect(ok).toBeDisabled();
  await typed.fill("140");
  await expect(ok).toBeDisabled();
  await typed.fill("152");
  await expect(ok).toBeEnabled();
  await ok.click();
  await expect(dialog.getByTestId("run-summary")).toHaveText("152 rejected, 7 unchanged, 0 refused.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  // The summary stays on the page, with the grid as it is now, until ava dismisses it.
  const notice = page.getByRole("status", { name: "Reject Email finished" });
  await expect(notice).toContainText("152 rejected, 7 unchanged, 0 refused.");
  await expect(page).toHaveURL(/view=active/);
  await page.goto(`/environments/${MASS_REJECT.slug}/mailboxes?view=approved`);
  await expect(page.getByRole("navigation", { name: "Mailbox pages" })).toContainText("0 mailboxes in this view");
  await page.goBack();
  await expect(page.getByRole("navigation", { name: "Mailbox pages" })).toContainText("159 mailboxes in this view");

  // Approving them all now overturns 159 rejections: the pre-check says so, and Cancel changes nothing.
  await grid.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("button", { name: "Select all 159 matching" }).click();
  await page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Approve Email" }).click();
  const approve = page.getByRole("dialog", { name: "Approve Email" });
  await expect(approve.getByRole("list", { name: "Pre-check" }).getByRole("listitem")).toHaveText([
    "159 rejected mailboxes will be approvedSynced 001, Synced 002, Synced 003, Synced 004, Synced 005 and 154 more",
  ]);
  await expect(approve.getByLabel("Type 159 to confirm")).toBeVisible();
  await approve.getByRole("button", { name: "Cancel" }).click();
  await expect(approve).toBeHidden();
});

test("the run's summary stays until dismissed", async ({ signedIn }) => {
  test.slow();
  const page = await signedIn("ava");
  await page.goto(`/environments/${MASS_REJECT.slug}/mailboxes?view=active&q=Turned`);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await grid.getByRole("checkbox", { name: "Select Turned Down 1" }).check();
  await page
    .getByRole("toolbar", { name: "Mailbox commands" })
    .getByRole("button", { name: "Activate", exact: true })
    .click();
  const dialog = page.getByRole("dialog", { name: "Activate" });
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog.getByTestId("run-summary")).toHaveText("0 changed, 1 unchanged, 0 refused.");
  await dialog.getByRole("button", { name: "Close" }).click();
  const notice = page.getByRole("status", { name: "Activate finished" });
  await expect(notice).toContainText("0 changed, 1 unchanged, 0 refused.");
  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toBeHidden();
});
