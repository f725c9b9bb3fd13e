import "server-only";
import { first, prepare } from "@/db/query";
import { and, asc, desc, eq, exists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import {
  alerts,
  directoryUsers,
  environmentUsers,
  mailboxes,
  queues,
  securityRoles,
  serverProfiles,
  teamMembers,
  teamRoleAssignments,
  userRoleAssignments,
} from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideViewMailbox } from "@/lib/policy/access";
import { approverRole, decideApproval, type ApprovalSettings, type MailboxFacts } from "@/lib/policy/approval";
import { loadActor } from "../identity/actor";
import { preparedOnce } from "../prepared";
import { findVisibleEnvironment, type VisibleEnvironment } from "../settings/environments";
import { mapInOrder } from "@/lib/in-order";

/** Everything the mailbox form shows, or null when it is not in this environment. */
async function getMailboxDetail(db: Db, environmentId: number, mailboxId: number) {
  const owner = alias(environmentUsers, "owner");
  const testedBy = alias(directoryUsers, "tested_by");
  const row = await first(
    db
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
      .limit(1),
  );
  if (!row) return null;
  const regardingName = row.mailbox.regardingType === "queue" ? row.queueName : row.ownerName;
  return {
    ...row.mailbox,
    ownerName: row.ownerName,
    regardingName,
    profileName: row.profileName,
    testLastAttemptedByName: row.testLastAttemptedByName,
  };
}
export type MailboxDetail = NonNullable<Awaited<ReturnType<typeof getMailboxDetail>>>;

declare const visibleMailbox: unique symbol;
/** A mailbox the actor may open, as only findVisibleMailbox makes one: the readers of its alerts and approvers take it. */
export type VisibleMailbox = MailboxDetail & { readonly [visibleMailbox]: true };

/**
 * The mailbox form's environment and mailbox, or null when either does not exist or the actor may
 * not see the mailbox (DOMAIN §2: the environment's mailbox readers, and the owner of their own).
 */
export async function findVisibleMailbox(
  db: Db,
  actor: Actor,
  slug: string,
  mailboxId: number,
  now: Date,
): Promise<{ environment: VisibleEnvironment; mailbox: VisibleMailbox } | null> {
  const environment = await findVisibleEnvironment(db, actor, slug, now);
  const mailbox = environment && (await getMailboxDetail(db, environment.id, mailboxId));
  if (!environment || !mailbox || !decideViewMailbox(actor, mailbox, now).allowed) return null;
  return { environment, mailbox: mailbox as VisibleMailbox };
}

export function mailboxFacts(
  m: Pick<MailboxDetail, "environmentId" | "regardingType" | "regardingUserId" | "emailAddress">,
): MailboxFacts {
  return {
    environmentId: m.environmentId,
    regardingType: m.regardingType,
    regardingUserId: m.regardingUserId,
    emailAddress: m.emailAddress,
  };
}

export async function listMailboxAlerts(db: Db, mailbox: VisibleMailbox) {
  return await db
    .select()
    .from(alerts)
    .where(eq(alerts.mailboxId, mailbox.id))
    .orderBy(desc(alerts.lastLoggedOn), asc(alerts.id));
}

/**
 * People of the environment who could approve this mailbox right now through the admin paths.
 * SQL only narrows to System Administrators (a fact); the policy decides each one.
 */
export async function listPossibleApprovers(
  db: Db,
  mailbox: VisibleMailbox,
  settings: ApprovalSettings,
  now: Date,
): Promise<{ name: string; email: string; via: string }[]> {
  const facts = mailboxFacts(mailbox);
  const candidateIds = (
    await preparedOnce(db, prepareSystemAdministrators).all({ environmentId: facts.environmentId })
  ).map((r) => r.directoryUserId);
  return (await mapInOrder(candidateIds, (id) => loadActor(db, id)))
    .flatMap((actor) => {
      if (!actor) return [];
      const via = approverRole(actor, decideApproval(actor, facts, settings, "approve", now));
      if (!via) return [];
      const email = actor.memberships.find((m) => m.environmentId === facts.environmentId)?.email ?? actor.upn;
      return [{ name: actor.displayName, email, via }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The enabled environment users holding System Administrator directly or through a team, by directory user id. */
function prepareSystemAdministrators(db: Db) {
  const role = and(
    eq(securityRoles.environmentId, environmentUsers.environmentId),
    eq(securityRoles.key, "system_administrator"),
  );
  const direct = db
    .select({ one: sql`1` })
    .from(userRoleAssignments)
    .where(
      and(
        eq(userRoleAssignments.environmentUserId, environmentUsers.id),
        eq(userRoleAssignments.roleId, securityRoles.id),
      ),
    );
  const viaTeam = db
    .select({ one: sql`1` })
    .from(teamMembers)
    .innerJoin(teamRoleAssignments, eq(teamRoleAssignments.teamId, teamMembers.teamId))
    .where(
      and(eq(teamMembers.environmentUserId, environmentUsers.id), eq(teamRoleAssignments.roleId, securityRoles.id)),
    );
  return prepare(
    db
      .selectDistinct({ directoryUserId: environmentUsers.directoryUserId })
      .from(environmentUsers)
      .innerJoin(securityRoles, role)
      .where(
        and(
          eq(environmentUsers.environmentId, sql.placeholder("environmentId")),
          eq(environmentUsers.isEnabled, true),
          or(exists(direct), exists(viaTeam)),
        ),
      ),
  );
}

/** The owner of a user mailbox as an actor (for "could the owner self-approve?"), or null. */
export async function loadMailboxOwner(db: Db, mailbox: VisibleMailbox): Promise<Actor | null> {
  if (mailbox.regardingType !== "user" || !mailbox.regardingUserId) return null;
  const row = await first(
    db
      .select({ directoryUserId: environmentUsers.directoryUserId })
      .from(environmentUsers)
      .where(eq(environmentUsers.id, mailbox.regardingUserId))
      .limit(1),
  );
  return row ? await loadActor(db, row.directoryUserId) : null;
}
