import { expect, test, type Page } from "@playwright/test";
import { changeAddress, mailboxRow, openMailboxes, runMailboxCommand } from "./admin-helpers";
import { signInAndWait } from "./helpers";

// Test & Enable in Production, whose email settings no spec changes: these run in parallel with
// everything. Each uses mailboxes no other spec changes, or says why it can live with one that does.

/** Runs Test & Enable on one Production mailbox found by a search, and returns its result row. */
async function testOne(page: Page, view: string, search: string, name: string) {
  const grid = await openMailboxes(page, view, search);
  await mailboxRow(grid, name).getByRole("checkbox").check();
  const dialog = await runMailboxCommand(page, "Test & Enable Mailbox");
  return dialog.getByRole("table", { name: "Results" }).getByRole("row", { name: new RegExp(name) });
}

test("Test & Enable on lena reports ErrorInvalidLicense", async ({ page }) => {
  test.slow();
  await signInAndWait(page, "sam", "Sam Sato");
  // Another spec moves lena's address away for a few seconds and back; run again until it is hers.
  await expect(async () => {
    await expect(await testOne(page, "active", "lena@contoso.com", "Lena Lopez")).toContainText("ErrorInvalidLicense", {
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
});

test("Test & Enable on mark reports NoUserWithEmailAddressInTenant, and his Alerts tab lists it", async ({ page }) => {
  test.slow();
  await signInAndWait(page, "sam", "Sam Sato");
  const row = await testOne(page, "active", "mark@contso.com", "Mark Miller");
  await expect(row).toContainText("NoUserWithEmailAddressInTenant");
  await row.getByRole("link", { name: "Mark Miller" }).click();
  await page.waitForURL(/\/mailboxes\/\d+$/);
  const alert = page
    .getByRole("table", { name: "Alerts" })
    .getByRole("row", { name: /NoUserWithEmailAddressInTenant/ });
  await expect(alert).toContainText("error");
  await expect(alert).toContainText("mark@contso.com");
});

test("Test & Enable on a mailbox before approval reports the approval-needed alerts", async ({ page }) => {
  test.slow();
  // Gray Davis (user37) stands in for nina: another spec approves nina and changes her address
  // while this runs. Changing user37's address and back puts the mailbox in Pending Approval.
  await signInAndWait(page, "sam", "Sam Sato");
  const grid = await openMailboxes(page, "active", "user37@contoso.com");
  await grid.getByRole("link", { name: "Gray Davis" }).click();
  await page.waitForURL(/\/mailboxes\/\d+$/);
  await changeAddress(page, "gray.davis@contoso.com");
  await changeAddress(page, "user37@contoso.com");
  const row = await testOne(page, "pending", "user37@contoso.com", "Gray Davis");
  for (const code of [
    "IncomingEmailS2SApprovalNeeded",
    "OutgoingEmailS2SApprovalNeeded",
    "ExchangeSyncEmailS2SApprovalNeeded",
  ])
    await expect(row).toContainText(code);
  await expect(row).toContainText("Failed");
});

test("Test & Enable on dave (inactive) reports MailboxDisabled", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  const row = await testOne(page, "inactive", "dave", "Dave Dunn");
  await expect(row).toContainText("MailboxDisabled");
});

test("a System Customizer sees Test & Enable disabled, with the reason", async ({ page }) => {
  await signInAndWait(page, "cora", "Cora Chen");
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

test("Test & Enable Mailboxes on the Production profile shows progress and ends with a summary that matches the mailboxes", async ({
  page,
}) => {
  test.slow();
  await signInAndWait(page, "sam", "Sam Sato");
  await page.goto("/environments/production/settings/server-profiles");
  await page
    .getByRole("group", { name: "Commands for Microsoft Exchange Online" })
    .getByRole("button", { name: "Test & Enable Mailboxes" })
    .click();
  const confirm = page.getByRole("dialog", { name: "Test & Enable Mailboxes" });
  await confirm.getByRole("button", { name: "Start" }).click();
  await page.waitForURL(/\/environments\/production\/jobs\/\d+$/);
  const jobUrl = page.url();

  const progress = page.getByRole("status", { name: "Job progress" });
  await expect(progress).toContainText(/\d+ of \d+ done/);
  await expect(page.getByLabel("Job summary")).toBeVisible();
  const [done, total, failed] = (await progress.innerText())
    .match(/(\d+) of (\d+) done · (\d+) failures/)!
    .slice(1)
    .map(Number) as [number, number, number];
  expect(done).toBe(total);
  const count = async (label: string) =>
    Number(
      await page
        .getByLabel("Job summary")
        .getByText(label, { exact: true })
        .locator("xpath=following-sibling::dd")
        .innerText(),
    );
  const [succeeded, failedCount, notRun, refused] = [
    await count("Succeeded"),
    await count("Failed"),
    await count("Not run"),
    await count("Refused"),
  ];
  expect(succeeded + failedCount + notRun + refused).toBe(total);
  expect(failedCount + refused).toBe(failed);
  const failures = page.getByRole("table", { name: "Failures" });
  await expect(failures.getByRole("row")).toHaveCount(failed + 1);
  await expect(failures.getByRole("row", { name: /Dave Dunn/ })).toContainText("MailboxDisabled");
  await expect(failures.getByRole("row", { name: /Mark Miller/ })).toContainText("NoUserWithEmailAddressInTenant");
  await expect(failures.getByRole("row", { name: /Harper Davis/ })).toContainText("IncomingEmailS2SApprovalNeeded");
  await expect(failures.getByRole("row", { name: /Casey Baker/ })).toHaveCount(0);

  // The summary survives a reload, and the mailboxes say the same: Harper Davis (user38, rejected)
  // failed, Casey Baker (user13, approved and licensed) succeeded. Neither is used by another spec.
  await page.goto(jobUrl);
  await expect(page.getByLabel("Job summary")).toContainText("Succeeded");
  const testFailures = await openMailboxes(page, "test-failures", "user38@contoso.com");
  await expect(mailboxRow(testFailures, "Harper Davis")).toContainText("Failure");
  const approved = await openMailboxes(page, "approved", "user13@contoso.com");
  await expect(mailboxRow(approved, "Casey Baker").getByText("Success")).toHaveCount(3);
});

test("Edit, Apply Default Email Settings, Deactivate and Activate on the grid, each with per-row results", async ({
  page,
}) => {
  test.slow();
  // Harper Baker (user18) is used by no other spec.
  await signInAndWait(page, "sam", "Sam Sato");
  const select = async (view: string) => {
    const grid = await openMailboxes(page, view, "user18@contoso.com");
    await mailboxRow(grid, "Harper Baker").getByRole("checkbox").check();
    return grid;
  };
  let grid = await select("active");
  // The profile job in this file may test user18 at any moment, so statuses are read from each run's own results.
  let dialog = await runMailboxCommand(page, "Edit", (d) =>
    d.getByLabel("Appointments, contacts and tasks").selectOption({ label: "None" }),
  );
  await expect(dialog.getByRole("status", { name: "Run summary" })).toHaveText("1 changed, 0 unchanged, 0 refused.");
  await expect(dialog.getByRole("table", { name: "Results" })).toContainText("Run Test & Enable to sync with them.");
  await dialog.getByRole("button", { name: "Close" }).click();

  await select("active");
  dialog = await runMailboxCommand(page, "Apply Default Email Settings");
  await expect(dialog.getByRole("status", { name: "Run summary" })).toHaveText(
    "1 succeeded, 0 failed, 0 not run, 0 refused.",
  );
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(mailboxRow(grid, "Harper Baker").getByText("Success")).toHaveCount(3);

  await select("active");
  dialog = await runMailboxCommand(page, "Deactivate");
  await expect(dialog.getByRole("table", { name: "Results" })).toContainText("Deactivated.");
  grid = await select("inactive");
  dialog = await runMailboxCommand(page, "Activate");
  await expect(dialog.getByRole("status", { name: "Run summary" })).toHaveText("1 changed, 0 unchanged, 0 refused.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(mailboxRow(grid, "Harper Baker")).toHaveCount(0);
});
