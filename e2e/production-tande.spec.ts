import type { Page } from "@playwright/test";
import { mailboxRow, openMailboxes, runMailboxCommand } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// Test & Enable on copies of Production of this spec's own, with Production's mailboxes and
// settings: the single-mailbox runs and the grid commands each use a mailbox of their own in one
// copy; the profile's run, which tests every mailbox, has a copy to itself.
const { testAndEnable, profileRun } = OWN_ENVIRONMENTS;
const slug = testAndEnable.slug;

/** Runs Test & Enable on one mailbox found by a search, and returns its result row. */
async function testOne(page: Page, view: string, search: string, name: string) {
  const grid = await openMailboxes(page, view, search, slug);
  await mailboxRow(grid, name).getByRole("checkbox").check();
  const dialog = await runMailboxCommand(page, "Test & Enable Mailbox");
  return dialog.getByRole("table", { name: "Results" }).getByRole("row", { name: new RegExp(name) });
}

test("Test & Enable on lena reports ErrorInvalidLicense", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await expect(await testOne(page, "active", "lena@contoso.com", "Lena Lopez")).toContainText("ErrorInvalidLicense");
});

test("Test & Enable on mark reports NoUserWithEmailAddressInTenant, and his Alerts tab lists it", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  const row = await testOne(page, "active", "mark@contso.com", "Mark Miller");
  await expect(row).toContainText("NoUserWithEmailAddressInTenant");
  await row.getByRole("link", { name: "Mark Miller" }).click();
  await page.waitForURL(/\/mailboxes\/\d+$/);
  const alert = page
    .getByRole("table", { name: "Alerts" })
    .getByRole("row", { name: /NoUserWithEmailAddressInTenant/ });
  await expect(alert).toContainText("Error");
  await expect(alert).toContainText("mark@contso.com");
});

test("Test & Enable on a mailbox before approval reports the approval-needed alerts", async ({ signedIn }) => {
  const page = await signedIn("sam");
  const row = await testOne(page, "pending", "nina@contoso.com", "Nina Novak");
  for (const code of [
    "IncomingEmailS2SApprovalNeeded",
    "OutgoingEmailS2SApprovalNeeded",
    "ExchangeSyncEmailS2SApprovalNeeded",
  ])
    await expect(row).toContainText(code);
  await expect(row).toContainText("Failed");
});

test("Test & Enable on dave (inactive) reports MailboxDisabled", async ({ signedIn }) => {
  const page = await signedIn("sam");
  const row = await testOne(page, "inactive", "dave", "Dave Dunn");
  await expect(row).toContainText("MailboxDisabled");
});

test("a System Customizer sees Test & Enable disabled, with the reason", async ({ signedIn }) => {
  const page = await signedIn("cora");
  const grid = await openMailboxes(page, "active", "user19@contoso.com");
  await grid
    .getByRole("row", { name: /user19@contoso.com/ })
    .getByRole("checkbox")
    .check();
  const command = page
    .getByRole("toolbar", { name: "Mailbox commands" })
    .getByRole("button", { name: "Test & Enable Mailbox" });
  await expect(command).toHaveAttribute("aria-disabled", "true");
  await command.focus();
  await expect(page.getByRole("tooltip")).toContainText("You cannot test or change this mailbox");
});

test("Test & Enable Mailboxes on a copy of Production's profile shows progress and ends with a summary that matches the mailboxes", async ({
  signedIn,
}) => {
  test.slow();
  const page = await signedIn("sam");
  await page.goto(`/environments/${profileRun.slug}/settings/server-profiles`);
  await page
    .getByRole("group", { name: "Commands for Microsoft Exchange Online" })
    .getByRole("button", { name: "Test & Enable Mailboxes" })
    .click();
  const confirm = page.getByRole("dialog", { name: "Test & Enable Mailboxes" });
  await confirm.getByRole("button", { name: "Start" }).click();
  await page.waitForURL(new RegExp(`/environments/${profileRun.slug}/jobs/\\d+$`));
  const jobUrl = page.url();

  // The copy's 50 mailboxes, as the demo seeds them: 23 pass, 27 fail (pending, rejected, unlicensed,
  // inactive, a mistyped address, queues).
  await expect(page.getByRole("status", { name: "Job progress" })).toContainText("50 of 50 done · 27 failures");
  const summary = page.getByLabel("Job summary");
  const count = (label: string) => summary.getByText(label, { exact: true }).locator("xpath=following-sibling::dd");
  await expect(count("Succeeded")).toHaveText("23");
  await expect(count("Failed")).toHaveText("27");
  await expect(count("Not run")).toHaveText("0");
  await expect(count("Refused")).toHaveText("0");
  const failures = page.getByRole("table", { name: "Failures" });
  await expect(failures.getByRole("row")).toHaveCount(28);
  await expect(failures.getByRole("row", { name: /Dave Dunn/ })).toContainText("MailboxDisabled");
  await expect(failures.getByRole("row", { name: /Mark Miller/ })).toContainText("NoUserWithEmailAddressInTenant");
  await expect(failures.getByRole("row", { name: /Harper Davis/ })).toContainText("IncomingEmailS2SApprovalNeeded");
  await expect(failures.getByRole("row", { name: /Casey Baker/ })).toHaveCount(0);

  // The summary survives a reload, and the mailboxes say the same: Harper Davis (user38, rejected)
  // failed, Casey Baker (user13, approved and licensed) succeeded.
  await page.goto(jobUrl);
  await expect(page.getByLabel("Job summary")).toContainText("Succeeded");
  const testFailures = await openMailboxes(page, "test-failures", "user38@contoso.com", profileRun.slug);
  await expect(mailboxRow(testFailures, "Harper Davis")).toContainText("Failure");
  const approved = await openMailboxes(page, "approved", "user13@contoso.com", profileRun.slug);
  await expect(mailboxRow(approved, "Casey Baker").getByText("Success")).toHaveCount(3);
});

test("Edit, Apply Default Email Settings, Deactivate and Activate on the grid, each with per-row results", async ({
  signedIn,
}) => {
  test.slow();
  // Harper Baker (user18) is used by no other test.
  const page = await signedIn("sam");
  const select = async (view: string) => {
    const grid = await openMailboxes(page, view, "user18@contoso.com", slug);
    await mailboxRow(grid, "Harper Baker").getByRole("checkbox").check();
    return grid;
  };
  let grid = await select("active");
  let dialog = await runMailboxCommand(page, "Edit", (d) =>
    d.getByLabel("Appointments, contacts and tasks").selectOption({ label: "None" }),
  );
  await expect(dialog.getByTestId("run-summary")).toHaveText("1 changed, 0 unchanged, 0 refused.");
  await expect(dialog.getByRole("table", { name: "Results" })).toContainText("Run Test & Enable to sync with them.");
  await dialog.getByRole("button", { name: "Close" }).click();

  await select("active");
  dialog = await runMailboxCommand(page, "Apply Default Email Settings");
  await expect(dialog.getByTestId("run-summary")).toHaveText("1 succeeded, 0 failed, 0 not run, 0 refused.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(mailboxRow(grid, "Harper Baker").getByText("Success")).toHaveCount(3);

  await select("active");
  dialog = await runMailboxCommand(page, "Deactivate");
  await expect(dialog.getByRole("table", { name: "Results" })).toContainText("Deactivated.");
  grid = await select("inactive");
  dialog = await runMailboxCommand(page, "Activate");
  await expect(dialog.getByTestId("run-summary")).toHaveText("1 changed, 0 unchanged, 0 refused.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(mailboxRow(grid, "Harper Baker")).toHaveCount(0);
});
