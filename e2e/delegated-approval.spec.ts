import { delegate, dmaPage, holderRow, mailboxRow, openMailboxes, openUsers, runCommand } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// One story, in order: a Global admin delegates to dana, dana approves and rejects, an Exchange
// admin takes the role back. Serial, because each step stands on the one before. It runs in a
// copy of Production of its own, so it changes what it likes and puts nothing back.
const { slug } = OWN_ENVIRONMENTS.delegatedApproval;

test.describe.serial("ava delegates to dana, dana approves, evan removes the role", () => {
  test("ava delegates Delegated Mailbox Approver to dana with a justification and an end date", async ({
    signedIn,
  }) => {
    const page = await signedIn("ava");
    await delegate(page, slug, "Dana Diaz (dana@contoso.com)", "Covers mailbox onboarding for Q1", "2027-03-31T17:00");
    const row = holderRow(page, "Dana Diaz");
    await expect(row).toContainText("Ava Alvarez");
    await expect(row).toContainText("31 Mar 2027");
    await expect(row).toContainText("Covers mailbox onboarding for Q1");
    await expect(row).toContainText("Active");

    const users = await openUsers(page, "dana@", slug);
    await expect(users.getByRole("row", { name: /Dana Diaz/ })).toContainText(
      "Delegated Mailbox Approver · until 31 Mar 2027",
    );
    await users.getByRole("link", { name: "Dana Diaz" }).click();
    const assigned = page.getByRole("table", { name: "Activity" }).getByRole("row", { name: /Role assigned/ });
    await expect(assigned).toContainText("Covers mailbox onboarding for Q1");
    await expect(assigned).toContainText("ava@contoso.com");
  });

  test("dana approves nina's mailbox from Pending approval", async ({ signedIn }) => {
    const page = await signedIn("dana");
    const grid = await openMailboxes(page, "pending", "nina", slug);
    await mailboxRow(grid, "Nina Novak").getByRole("checkbox").check();
    const dialog = await runCommand(page, "Approve Email");
    await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText("1 pending mailbox will be approved");
    await dialog.getByRole("button", { name: "OK" }).click();
    await expect(dialog.getByTestId("run-summary")).toHaveText("1 approved, 0 unchanged, 0 refused.");
    await dialog.getByRole("button", { name: "Close" }).click();

    const approved = await openMailboxes(page, "approved", "nina", slug);
    await expect(mailboxRow(approved, "Nina Novak")).toContainText("Dana Diaz");
    await approved.getByRole("link", { name: "Nina Novak" }).click();
    await expect(page.getByRole("region", { name: "Approval" })).toContainText("Dana Diaz");
    await page.getByRole("link", { name: "History" }).click();
    await expect(
      page.getByRole("table", { name: "History" }).getByRole("row", { name: /Mailbox approved/ }),
    ).toContainText("dana@contoso.com");

    // The audit log finds the approval by its actor, shows its before/after and exports it.
    await page.goto("/audit");
    const filters = page.getByRole("search", { name: "Filter audit events" });
    await filters.getByLabel("Actor", { exact: true }).fill("dana@contoso.com");
    await filters.getByLabel("Search", { exact: true }).fill("Nina Novak");
    // Other specs' dana approves another Nina Novak in environments of their own.
    await filters.getByLabel("Environment").selectOption({ label: OWN_ENVIRONMENTS.delegatedApproval.name });
    await filters.getByRole("button", { name: "Apply filters" }).click();
    const event = page.getByRole("table", { name: "Audit events" }).getByRole("row", { name: /Mailbox approved/ });
    await expect(event).toContainText("Nina Novak <nina@contoso.com>");
    await event.getByRole("link", { name: /^Open event \d+$/ }).click();
    const detail = page.getByRole("dialog", { name: /^Event \d+$/ });
    await expect(detail.getByRole("list", { name: "Changes" })).toContainText(
      "emailStatus: Pending Approval → Approved",
    );
    await detail.getByRole("button", { name: "Close" }).click();
    const csv = await page.request.get((await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
    expect(await csv.text()).toContain("MailboxApproved");
  });

  test("dana approves user21–user35 and user01 at once: the pre-check says 15 change, 1 already approved", async ({
    signedIn,
  }) => {
    const page = await signedIn("dana");
    const grid = await openMailboxes(page, "active", "user", slug);
    for (let n = 21; n <= 35; n++)
      await grid
        .getByRole("row", { name: new RegExp(`user${n}@contoso.com`) })
        .getByRole("checkbox")
        .check();
    await grid
      .getByRole("row", { name: /user01@contoso.com/ })
      .getByRole("checkbox")
      .check();
    await expect(page.getByRole("toolbar", { name: "Mailbox commands" })).toContainText("16 selected");
    const dialog = await runCommand(page, "Approve Email");
    const precheck = dialog.getByRole("list", { name: "Pre-check" });
    await expect(precheck).toContainText("15 pending mailboxes will be approved");
    await expect(precheck).toContainText("1 already approved");
    await dialog.getByRole("button", { name: "OK" }).click();
    await expect(dialog.getByTestId("run-summary")).toHaveText("15 approved, 1 unchanged, 0 refused.");
    const results = dialog.getByRole("table", { name: "Results" });
    await expect(results.getByRole("row", { name: /Changed/ })).toHaveCount(15);
    await expect(results.getByRole("row", { name: /Unchanged/ })).toContainText("Already approved.");
  });

  test("a mailbox changed after the grid loaded is refused; an approved address changed goes back to pending", async ({
    signedIn,
  }) => {
    const page = await signedIn("dana");
    const grid = await openMailboxes(page, "pending", "lena", slug);
    await mailboxRow(grid, "Lena Lopez").getByRole("checkbox").check();

    // Meanwhile sam changes lena's address on her mailbox form.
    const sam = await signedIn("sam");
    const samGrid = await openMailboxes(sam, "pending", "lena", slug);
    await samGrid.getByRole("link", { name: "Lena Lopez" }).click();
    await sam.waitForURL(/\/mailboxes\/\d+$/);
    await sam.getByRole("textbox", { name: "Email address" }).fill("lena.lopez@contoso.com");
    await sam.getByRole("button", { name: "Save address" }).click();
    await expect(sam.getByRole("status", { name: "Address saved" })).toBeVisible();

    const dialog = await runCommand(page, "Approve Email");
    await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText("changed since you loaded it");
    await dialog.getByRole("button", { name: "Cancel" }).click();

    // nina was approved by dana; a new address sends her back to Pending approval.
    const approved = await openMailboxes(sam, "approved", "nina", slug);
    await approved.getByRole("link", { name: "Nina Novak" }).click();
    await sam.getByRole("textbox", { name: "Email address" }).fill("nina.novak@contoso.com");
    await sam.getByRole("button", { name: "Save address" }).click();
    await expect(sam.getByRole("status", { name: "Address saved" })).toBeVisible();
    await expect(sam.getByRole("status", { name: "Email address not approved" })).toBeVisible();
    const pending = await openMailboxes(sam, "pending", "nina", slug);
    await expect(mailboxRow(pending, "Nina Novak")).toContainText("Pending Approval");
    await expect(mailboxRow(pending, "Nina Novak")).toContainText("nina.novak@contoso.com");
  });

  test("dana rejects the Support queue; its history keeps who did it", async ({ signedIn }) => {
    const page = await signedIn("dana");
    const grid = await openMailboxes(page, "active", "support", slug);
    await mailboxRow(grid, "Support").getByRole("checkbox").check();
    const dialog = await runCommand(page, "Reject Email");
    await dialog.getByLabel("Reason for rejecting").fill("Shared mailboxes sync only once the team agrees.");
    await dialog.getByRole("button", { name: "OK" }).click();
    await expect(dialog.getByTestId("run-summary")).toHaveText("1 rejected, 0 unchanged, 0 refused.");
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(mailboxRow(grid, "Support")).toContainText("Rejected");
    await grid.getByRole("link", { name: "Support" }).click();
    await page.getByRole("link", { name: "History" }).click();
    await expect(
      page.getByRole("table", { name: "History" }).getByRole("row", { name: /Mailbox rejected/ }),
    ).toContainText("dana@contoso.com");
  });

  test("evan (Exchange Administrator) removes dana's Delegated Mailbox Approver", async ({ signedIn }) => {
    const page = await signedIn("evan");
    await page.goto(dmaPage(slug));
    await page.getByRole("button", { name: "Remove Delegated Mailbox Approver from Dana Diaz" }).click();
    await page.getByRole("button", { name: "OK" }).click();
    await expect(holderRow(page, "Dana Diaz")).toHaveCount(0);
    const users = await openUsers(page, "dana@", slug);
    await expect(users.getByRole("row", { name: /Dana Diaz/ })).not.toContainText("Delegated Mailbox Approver");
  });
});
