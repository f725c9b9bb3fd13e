import type { Page } from "@playwright/test";
import { expect, test } from "../personas";
import { fillEndDate } from "../admin-helpers";
import { e2eDatabase } from "../security/e2e-db";
import { dmaPage, GOVERNANCE } from "./people";

// Issue 13, clicked as an admin does, on the governance fixture's own people (never demo data).
const holderRow = (page: Page, name: string) =>
  page.getByRole("table", { name: "Delegated Mailbox Approvers" }).getByRole("row", { name: new RegExp(name) });

async function changeEndDate(page: Page, command: "Extend" | "Renew", holder: string, endsAt: string, why: string) {
  await holderRow(page, holder)
    .getByRole("button", { name: `${command} for ${holder} in ${GOVERNANCE.main.name}` })
    .click();
  const panel = page.getByRole("dialog", { name: `${command} delegation: ${holder}` });
  await fillEndDate(panel, endsAt);
  await panel.getByLabel("Justification").fill(why);
  await panel.getByRole("button", { name: command, exact: true }).click();
  await expect(panel).toBeHidden();
}

const assignmentOf = (db: ReturnType<typeof e2eDatabase>, upn: string) =>
  db.one<{ ends_at: number }>(
    `select a.ends_at from user_role_assignments a join security_roles r on r.id = a.role_id and r.key = 'delegated_mailbox_approver'
     join environment_users eu on eu.id = a.environment_user_id where eu.email = ?`,
    upn,
  );

test("evan extends Gina's delegation: the new end date shows, and the audit log has before and after", async ({
  signedIn,
}) => {
  const db = e2eDatabase();
  const before = new Date(assignmentOf(db, "gina.holder@contoso.com").ends_at).toISOString();
  const page = await signedIn("evan");
  await page.goto(dmaPage());
  await changeEndDate(page, "Extend", "Gina Holder", "2030-06-30T12:00", "Covers the summer");
  await expect(holderRow(page, "Gina Holder")).toContainText("30 Jun 2030");
  await expect(holderRow(page, "Gina Holder")).toContainText("Covers the summer");

  const event = db.one<{ actor_upn: string; before: string; after: string; reason: string }>(
    "select actor_upn, before, after, reason from audit_events where action = 'RoleExtended' and target_label = 'Gina Holder <gina.holder@contoso.com>'",
  );
  db.close();
  expect(event.actor_upn).toBe("evan@contoso.com");
  expect(event.reason).toBe("Covers the summer");
  expect(JSON.parse(event.before)).toEqual({
    role: "Delegated Mailbox Approver",
    state: "Active",
    endsAt: before,
    justification: "Governance fixture: Gina Holder",
  });
  expect(JSON.parse(event.after)).toEqual({
    role: "Delegated Mailbox Approver",
    state: "Active",
    endsAt: "2030-06-30T12:00:00.000Z",
    justification: "Covers the summer",
  });

  // The holder's page shows the same event with its change.
  await holderRow(page, "Gina Holder").getByRole("link", { name: "Gina Holder" }).click();
  await expect(page.getByRole("table", { name: "Activity" }).getByRole("row", { name: /Role extended/ })).toContainText(
    "Covers the summer",
  );
});

test("Teo holds System Administrator only through a team: the delegation shows that he can approve", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  await page.goto(dmaPage());
  const cells = holderRow(page, "Teo Teams").getByRole("cell");
  await expect(cells.nth(1)).toHaveText("Yes");
  await expect(cells.nth(2)).toHaveText("Yes");
});

test("Rhea's expiry was recorded by the background runner at its end date; ava renews it and keeps the history", async ({
  signedIn,
}) => {
  const db = e2eDatabase();
  const ended = assignmentOf(db, "rhea.renew@contoso.com").ends_at;
  const expired = db.all<{ at: number }>(
    "select at from audit_events where action = 'RoleExpired' and target_label = 'Rhea Renew <rhea.renew@contoso.com>'",
  );
  db.close();
  expect(expired).toEqual([{ at: ended }]);

  const page = await signedIn("ava");
  await page.goto(dmaPage());
  await expect(holderRow(page, "Rhea Renew")).toContainText("Expired");
  await changeEndDate(page, "Renew", "Rhea Renew", "2030-01-31T09:00", "Back for the first quarter");
  const row = holderRow(page, "Rhea Renew");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("31 Jan 2030");
  await expect(row).toContainText("renewed");
  await expect(row).toContainText("by Ava Alvarez");

  await row.getByRole("link", { name: "Rhea Renew" }).click();
  const activity = page.getByRole("table", { name: "Activity" });
  await expect(activity.getByRole("row", { name: /Role expired/ })).toHaveCount(1);
  await expect(activity.getByRole("row", { name: /Role renewed/ })).toContainText("Back for the first quarter");
});

test("an Exchange Administrator opens a team's Manage security roles and meets 0x80090905 for Delegated Mailbox Approver", async ({
  signedIn,
}) => {
  const page = await signedIn("evan");
  await page.goto(`/environments/${GOVERNANCE.main.slug}/teams`);
  await page.getByRole("link", { name: GOVERNANCE.adminTeam }).click();
  await page.getByRole("button", { name: "Manage security roles" }).click();
  const panel = page.getByRole("dialog", { name: `Security roles of ${GOVERNANCE.adminTeam}` });
  await panel.getByRole("checkbox", { name: "Delegated Mailbox Approver" }).check();
  await panel.getByRole("button", { name: "Save" }).click();
  const refusal = panel.getByRole("alert", { name: "Team roles not saved" });
  await expect(refusal).toContainText("0x80090905");
  await expect(refusal).toContainText("DMA_NOT_FOR_TEAMS");
});
