import type { Page } from "@playwright/test";
import { changeAddress, chooseUser, mailboxRow, runMailboxCommand } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

const { selfApproval, requirePrivilege, approvedUsersOnly } = OWN_ENVIRONMENTS;

async function openOwnMailbox(page: Page, environment: string) {
  await page.goto("/my-mailbox");
  await page
    .getByRole("table", { name: "My mailboxes" })
    .getByRole("row", { name: new RegExp(environment) })
    .getByRole("link")
    .click();
  await page.waitForURL(/\/mailboxes\/\d+$/);
}

async function emailSettings(page: Page, slug: string) {
  await page.goto(`/environments/${slug}/settings/email`);
  await expect(page.getByRole("heading", { level: 1, name: "Email settings" })).toBeVisible();
}

async function saveSettings(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status", { name: "Settings saved" })).toBeVisible();
}

// The scenarios 1 and 3 (scenarios 2 and 4 are in production-tande.spec.ts). Each test
// changes addresses or environment-wide email settings in a copy of Production or Sandbox of its
// own (e2e/environments.ts), so none waits for another or puts anything back.

test.describe("self-approval and the approval settings", () => {
  test("sam changes bob's address and back; bob's own Test & Enable approves it by self-approval", async ({
    signedIn,
  }) => {
    test.slow();
    const bob = await signedIn("bob");
    await openOwnMailbox(bob, selfApproval.name);

    const sam = await signedIn("sam");
    await sam.goto(bob.url());
    await changeAddress(sam, "bob.brown@contoso.com");
    await changeAddress(sam, "bob@contoso.com");
    await expect(sam.getByRole("region", { name: "Approval" })).toContainText("Pending Approval");

    await bob.reload();
    await expect(bob.getByRole("status", { name: "Email address not approved" })).toBeVisible();
    await expect(bob.getByRole("region", { name: "Why can't I approve this?" })).toContainText(
      "Running Test & Enable on your own mailbox approves it",
    );
    const dialog = await runMailboxCommand(bob, "Test & Enable Mailbox");
    await expect(dialog.getByTestId("run-summary")).toHaveText("1 succeeded, 0 failed, 0 not run, 0 refused.");
    await expect(dialog.getByRole("table", { name: "Results" })).toContainText("Approved by self-approval.");
    await dialog.getByRole("button", { name: "Close" }).click();

    const approval = bob.getByRole("region", { name: "Approval" });
    await expect(approval).toContainText("Approved");
    await expect(approval.getByRole("definition").nth(1)).toHaveText("Bob Brown");
    await expect(bob.getByRole("region", { name: "Configuration test results" }).getByText("Success")).toHaveCount(3);
    await expect(
      bob.getByRole("table", { name: "Alerts" }).getByRole("row", { name: /TestAndEnableSucceeded/ }),
    ).toContainText("Information");
  });

  test("with RequirePrivilegeToSelfApproveEmailAddress on, bob's run leaves his Sandbox mailbox pending, and the alert and the explainer say why", async ({
    signedIn,
  }) => {
    test.slow();
    const sam = await signedIn("sam");
    const setting = "Require the approve privilege to self-approve (RequirePrivilegeToSelfApproveEmailAddress)";
    await emailSettings(sam, requirePrivilege.slug);
    await sam.getByRole("checkbox", { name: setting }).check();
    await saveSettings(sam);

    const bob = await signedIn("bob");
    await openOwnMailbox(bob, requirePrivilege.name);
    const dialog = await runMailboxCommand(bob, "Test & Enable Mailbox");
    await expect(dialog.getByTestId("run-summary")).toHaveText("0 succeeded, 1 failed, 0 not run, 0 refused.");
    await expect(dialog.getByRole("table", { name: "Results" })).toContainText("IncomingEmailS2SApprovalNeeded");
    await dialog.getByRole("button", { name: "Close" }).click();

    await expect(bob.getByRole("region", { name: "Approval" })).toContainText("Pending Approval");
    const alert = bob
      .getByRole("table", { name: "Alerts" })
      .getByRole("row", { name: /IncomingEmailS2SApprovalNeeded/ });
    await expect(alert).toContainText("RequirePrivilegeToSelfApproveEmailAddress is on");
    const why = bob.getByRole("region", { name: "Why can't I approve this?" });
    await expect(
      why.getByRole("listitem").filter({ hasText: "requires the approve privilege for self-approval" }),
    ).toContainText("not met:");
  });

  test("turning off Process emails only for approved users: refused for sam, allowed for a DMA + System Administrator after the warning; then an unapproved mailbox succeeds", async ({
    signedIn,
  }) => {
    test.slow();
    const { slug } = approvedUsersOnly;
    const setting = "Process emails only for approved users";
    const sam = await signedIn("sam");
    await emailSettings(sam, slug);
    await expect(sam.getByRole("checkbox", { name: setting })).toBeDisabled();
    await expect(
      sam.getByText(/You cannot change this: Only people who could approve mailboxes here/).first(),
    ).toContainText("NOT_TENANT_ADMIN_OR_DMA");

    // sam makes Finley Adams (user06) a System Administrator of the Sandbox copy…
    await sam.goto(`/environments/${slug}/users`);
    await sam.getByRole("button", { name: "Add user" }).click();
    const add = sam.getByRole("dialog", { name: "Add user" });
    await add.getByLabel("Search the directory").fill("user06");
    await add.getByLabel("Directory user").selectOption({ label: "Finley Adams (user06@contoso.com)" });
    await add.getByRole("button", { name: "Add" }).click();
    await expect(add).toBeHidden();
    await sam.goto(`/environments/${slug}/users?q=user06%40`);
    await sam.getByRole("table", { name: "Users" }).getByRole("checkbox", { name: "Select Finley Adams" }).check();
    await sam.getByRole("button", { name: "Manage security roles" }).click();
    const roles = sam.getByRole("dialog", { name: "Manage security roles: Finley Adams" });
    await roles.getByRole("checkbox", { name: "System Administrator" }).check();
    await roles.getByRole("button", { name: "Save", exact: true }).click();
    await expect(roles).toBeHidden();

    // …and ava, a Global Administrator, delegates Delegated Mailbox Approver to him there.
    const ava = await signedIn("ava");
    await ava.goto(`/environments/${slug}/roles/delegated-mailbox-approver`);
    await ava.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
    const panel = ava.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
    await chooseUser(panel, "Finley Adams (user06@contoso.com)");
    await panel.getByLabel("Justification").fill("Sandbox mail settings");
    await panel.getByRole("button", { name: "Delegate" }).click();
    await expect(panel).toBeHidden();

    const finley = await signedIn("user06");
    await emailSettings(finley, slug);
    await finley.getByRole("checkbox", { name: setting }).uncheck();
    await finley.getByRole("button", { name: "Save", exact: true }).click();
    const warning = finley.getByRole("dialog", { name: "Process email without approval?" });
    await expect(warning).toContainText("could sync without anyone having approved the address");
    await warning.getByRole("button", { name: "Turn off and save" }).click();
    await expect(finley.getByRole("status", { name: "Settings saved" })).toBeVisible();

    // dana's mailbox there is pending; with the setting off, Test & Enable succeeds on it.
    await finley.goto(`/environments/${slug}/mailboxes?view=active&q=dana`);
    const grid = finley.getByRole("grid", { name: "Mailboxes" });
    await mailboxRow(grid, "Dana Diaz").getByRole("checkbox").check();
    const dialog = await runMailboxCommand(finley, "Test & Enable Mailbox");
    await expect(dialog.getByTestId("run-summary")).toHaveText("1 succeeded, 0 failed, 0 not run, 0 refused.");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(mailboxRow(grid, "Dana Diaz")).toContainText("Pending Approval");
    await expect(mailboxRow(grid, "Dana Diaz")).toContainText("Success");
  });
});
