import { delegate, dmaPage, holderRow, mailboxRow, openMailboxes, runCommand } from "../admin-helpers";
import { OWN_ENVIRONMENTS } from "../environments";
import { expect, test } from "../personas";
import type { Page } from "@playwright/test";

// Issue 17, item 6: the audit log is read by friendly names, an approval names the rule that
// allowed it, a refused attempt is an event of its own, and each event links to its mailbox.
// One story in this spec's own copy of Production: dana approves as a delegate, loses the role
// while her next Approve dialog is open, and her OK is refused; ava reads both in the log.
const { slug, name: environment } = OWN_ENVIRONMENTS.auditNames;

async function filterAudit(page: Page, action: string) {
  await page.goto("/audit");
  const form = page.getByRole("search", { name: "Filter audit events" });
  await form.getByLabel("Action", { exact: true }).selectOption({ label: action });
  await form.getByLabel("Environment", { exact: true }).selectOption({ label: environment });
  await form.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/audit\?/);
  return page.getByRole("table", { name: "Audit events" });
}

test.describe.serial("the audit log in friendly names", () => {
  test("dana approves nina as a delegate; her next approval is refused once the role is gone", async ({ signedIn }) => {
    test.slow(); // two people act in turn
    const ava = await signedIn("ava");
    await delegate(ava, slug, "Dana Diaz (dana@contoso.com)", "Audit names walk-through");

    const dana = await signedIn("dana");
    const pending = await openMailboxes(dana, "pending", "nina", slug);
    await mailboxRow(pending, "Nina Novak").getByRole("checkbox").check();
    const first = await runCommand(dana, "Approve Email");
    await first.getByRole("button", { name: "OK" }).click();
    await expect(first.getByTestId("run-summary")).toHaveText("1 approved, 0 unchanged, 0 refused.");
    await first.getByRole("button", { name: "Close" }).click();

    const lena = await openMailboxes(dana, "pending", "lena", slug);
    await mailboxRow(lena, "Lena Lopez").getByRole("checkbox").check();
    const second = await runCommand(dana, "Approve Email");

    await ava.goto(dmaPage(slug));
    await ava.getByRole("button", { name: "Remove Delegated Mailbox Approver from Dana Diaz" }).click();
    await ava.getByRole("button", { name: "OK" }).click();
    await expect(holderRow(ava, "Dana Diaz")).toHaveCount(0);

    await second.getByRole("button", { name: "OK" }).click();
    await expect(second.getByTestId("run-summary")).toHaveText("0 approved, 0 unchanged, 1 refused.");
  });

  test("ava filters by “Mailbox approved”, reads which rule allowed it and opens the mailbox", async ({ signedIn }) => {
    const page = await signedIn("ava");
    const events = await filterAudit(page, "Mailbox approved");
    const row = events.getByRole("row", { name: /Nina Novak/ });
    await expect(events.getByRole("row")).toHaveCount(2);
    await expect(row).toContainText("Mailbox approved");
    await expect(row).toContainText("dana@contoso.com");
    await expect(events).not.toContainText("MailboxApproved");

    await row.getByRole("link", { name: /^Open event \d+$/ }).click();
    const detail = page.getByRole("dialog", { name: /^Event \d+$/ });
    await expect(detail.getByText("Delegated Mailbox Approver + System Administrator", { exact: true })).toBeVisible();
    await detail.getByRole("button", { name: "Close" }).click();

    await row.getByRole("link", { name: "Nina Novak <nina@contoso.com>" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Nina Novak" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/environments/${slug}/mailboxes/\\d+$`));
  });

  test("ava filters by refused attempts: dana's refused approval, with its reason, links to Lena's mailbox", async ({
    signedIn,
  }) => {
    const page = await signedIn("ava");
    const events = await filterAudit(page, "Refused attempts (all)");
    await expect(events.getByRole("row")).toHaveCount(2);
    const row = events.getByRole("row", { name: /Lena Lopez/ });
    await expect(row).toContainText("Mailbox approval refused");
    await expect(row).toContainText("dana@contoso.com");
    await expect(row).toContainText("NOT_TENANT_ADMIN_OR_DMA");

    await row.getByRole("link", { name: /^Open event \d+$/ }).click();
    const detail = page.getByRole("dialog", { name: /^Event \d+$/ });
    await expect(detail).toContainText("0x80040256 NOT_TENANT_ADMIN_OR_DMA");
    await detail.getByRole("button", { name: "Close" }).click();

    await row.getByRole("link", { name: "Lena Lopez" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Lena Lopez" })).toBeVisible();
  });

  test("typing “Approved” in the search finds the approval by its friendly name", async ({ signedIn }) => {
    const page = await signedIn("ava");
    await page.goto("/audit");
    const form = page.getByRole("search", { name: "Filter audit events" });
    await form.getByLabel("Environment", { exact: true }).selectOption({ label: environment });
    await form.getByLabel("Search", { exact: true }).fill("Approved");
    await form.getByRole("button", { name: "Apply filters" }).click();
    const events = page.getByRole("table", { name: "Audit events" });
    await expect(events.getByRole("row", { name: /Mailbox approved/ })).toHaveCount(1);
  });
});
