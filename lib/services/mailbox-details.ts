import { and, asc, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import { alerts, directoryUsers, emailSettings, environmentUsers, mailboxes, queues, serverProfiles } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import type { MailboxFacts } from "@/lib/policy/approval";
import { loadActor } from "./actor";

/** Everything the mailbox form shows, or null when it is not in this environment. */
export function getMailboxDetail(db: Db, environmentId: number, mailboxId: number) {
  const owner = alias(environmentUsers, "owner");
  const testedBy = alias(directoryUsers, "tested_by");
  const row = db
    .select({
      mailbox: mailboxes,
      ownerName: owner.fullName,
      queueName: queues.name,
      profileName: serverProfiles.name,
      testLastAttemptedByName: testedBy.displayName,
    })
    .from(mailboxes)
    .leftJoin(owner, eq(owner.id, mailboxes.ownerId))
    .leftJoin(queues, eq(queues.id, mailboxes.regardingQueueId))
    .leftJoin(serverProfiles, eq(serverProfiles.id, mailboxes.serverProfileId))
    .leftJoin(testedBy, eq(testedBy.id, mailboxes.testLastAttemptedById))
    .where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.environmentId, environmentId)))
    .get();
  if (!row) return null;
  const regardingName = row.mailbox.regardingType === "queue" ? row.queueName : row.ownerName;
  return { ...row.mailbox, ownerName: row.ownerName, regardingName, profileName: row.profileName, testLastAttemptedByName: row.testLastAttemptedByName };
}
export type MailboxDetail = NonNullable<ReturnType<typeof getMailboxDetail>>;

export function mailboxFacts(m: Pick<MailboxDetail, "environmentId" | "regardingType" | "regardingUserId" | "emailAddress">): MailboxFacts {
  return { environmentId: m.environmentId, regardingType: m.regardingType, regardingUserId: m.regardingUserId, emailAddress: m.emailAddress };
}

export function getApprovalSettings(db: Db, environmentId: number) {
  const row = db.select().from(emailSettings).where(eq(emailSettings.environmentId, environmentId)).get();
  return { requirePrivilegeToSelfApprove: row?.requirePrivilegeToSelfApprove ?? false };
}

export function listMailboxAlerts(db: Db, mailboxId: number) {
  return db.select().from(alerts).where(eq(alerts.mailboxId, mailboxId)).orderBy(desc(alerts.lastLoggedOn), asc(alerts.id)).all();
}

/**
 * People of the environment who could approve any mailbox right now through the admin paths:
 * enabled, System Administrator (directly or through a team), and a Global or Exchange
 * Administrator or an active direct Delegated Mailbox Approver.
 */
export function listPossibleApprovers(db: Db, environmentId: number, now: Date): { name: string; email: string; via: string }[] {
  const rows = db.$client
    .prepare(
      `with active_direct as (
         select a.environment_user_id as eu, r.key from user_role_assignments a join security_roles r on r.id = a.role_id
         where r.environment_id = :env and (a.ends_at is null or a.ends_at > :now)
       ),
       via_team as (
         select m.environment_user_id as eu, r.key from team_members m
         join team_role_assignments t on t.team_id = m.team_id join security_roles r on r.id = t.role_id
         where r.environment_id = :env
       )
       select eu.full_name as name, eu.email,
         (select group_concat(t.role) from tenant_role_assignments t where t.directory_user_id = d.id and t.role in ('global_admin', 'exchange_admin')) as tenant_roles,
         exists (select 1 from active_direct x where x.eu = eu.id and x.key = 'delegated_mailbox_approver') as is_dma
       from environment_users eu join directory_users d on d.id = eu.directory_user_id
       where eu.environment_id = :env and eu.is_enabled = 1 and d.is_enabled = 1
         and (exists (select 1 from active_direct x where x.eu = eu.id and x.key = 'system_administrator')
              or exists (select 1 from via_team x where x.eu = eu.id and x.key = 'system_administrator'))
         and (exists (select 1 from tenant_role_assignments t where t.directory_user_id = d.id and t.role in ('global_admin', 'exchange_admin'))
              or exists (select 1 from active_direct x where x.eu = eu.id and x.key = 'delegated_mailbox_approver'))
       order by eu.full_name`,
    )
    .all({ env: environmentId, now: now.getTime() }) as { name: string; email: string; tenant_roles: string | null; is_dma: number }[];
  return rows.map((r) => ({
    name: r.name,
    email: r.email,
    via: r.tenant_roles?.includes("global_admin") ? "Global Administrator" : r.tenant_roles ? "Exchange Administrator" : "Delegated Mailbox Approver",
  }));
}

/** The owner of a user mailbox as an actor (for "could the owner self-approve?"), or null. */
export function loadMailboxOwner(db: Db, mailbox: Pick<MailboxDetail, "regardingType" | "regardingUserId">): Actor | null {
  if (mailbox.regardingType !== "user" || !mailbox.regardingUserId) return null;
  const row = db.select({ directoryUserId: environmentUsers.directoryUserId }).from(environmentUsers).where(eq(environmentUsers.id, mailbox.regardingUserId)).get();
  return row ? loadActor(db, row.directoryUserId) : null;
}
