import "server-only";
import { prepare } from "@/db/query";
import { and, eq, exists, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environmentUsers, rolePrivileges, teamMembers, teamRoleAssignments, userRoleAssignments } from "@/db/schema";
import { decideViewMailbox } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { approvalDecider, type MailboxFacts } from "@/lib/policy/approval";
import type { Privilege } from "@/lib/policy/catalog";
import { loadBareMembers, loadMemberActors } from "../identity/member-facts";
import { preparedOnce } from "../prepared";
import { readEmailSettings } from "../settings/email-settings";

/**
 * Who hears about a mailbox (DOMAIN §11). The rules are asked, never re-derived: approvers are
 * exactly those decideApproval allows to approve the mailbox; an owner is told only while
 * decideViewMailbox lets them see it.
 */

export type NoticeMailbox = MailboxFacts & { id: number; ownerId: number | null };

/**
 * The environment users who hold the approve privilege through any role, directly or through a
 * team. Every path of DOMAIN §3 that allows an approval needs that privilege (self-approval
 * included: without it Test & Enable approves, not the approver), so this only narrows the people
 * the policy is asked about, it decides nothing.
 */
async function privilegeHolders(db: Db, environmentId: number): Promise<number[]> {
  return (await preparedOnce(db, preparePrivilegeHolders).all({ environmentId })).map((r) => r.id);
}

const APPROVE: Privilege = "prvApproveRejectEmailAddress";

function preparePrivilegeHolders(db: Db) {
  const direct = db
    .select({ one: sql`1` })
    .from(userRoleAssignments)
    .innerJoin(rolePrivileges, eq(rolePrivileges.roleId, userRoleAssignments.roleId))
    .where(and(eq(userRoleAssignments.environmentUserId, environmentUsers.id), eq(rolePrivileges.privilege, APPROVE)));
  const viaTeam = db
    .select({ one: sql`1` })
    .from(teamMembers)
    .innerJoin(teamRoleAssignments, eq(teamRoleAssignments.teamId, teamMembers.teamId))
    .innerJoin(rolePrivileges, eq(rolePrivileges.roleId, teamRoleAssignments.roleId))
    .where(and(eq(teamMembers.environmentUserId, environmentUsers.id), eq(rolePrivileges.privilege, APPROVE)));
  return prepare(
    db
      .select({ id: environmentUsers.id })
      .from(environmentUsers)
      .where(
        and(eq(environmentUsers.environmentId, sql.placeholder("environmentId")), or(exists(direct), exists(viaTeam))),
      ),
  );
}

/** For each mailbox (all of one environment), the people decideApproval allows to approve it, by directory user id. */
export async function approversOf(
  db: Db,
  environmentId: number,
  mailboxes: readonly NoticeMailbox[],
  now: Date,
): Promise<Map<number, Actor[]>> {
  const settings = await readEmailSettings(db, environmentId);
  const candidates = [...(await loadMemberActors(db, await privilegeHolders(db, environmentId))).values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName),
  );
  // decideApproval's bulk form: each candidate's rights worked out once for all the mailboxes.
  const deciders = candidates.map((actor) => ({
    actor,
    decide: approvalDecider(actor, environmentId, settings, "approve", now),
  }));
  return new Map(
    mailboxes.map((mailbox) => [
      mailbox.id,
      deciders.filter(({ decide }) => decide(mailbox).allowed).map(({ actor }) => actor),
    ]),
  );
}

/**
 * The owner of each mailbox who may see it (the user of a user mailbox; a queue's owner only if
 * they may open the environment's mailboxes), by mailbox id; `except` (whoever made the change)
 * is never told of their own act. The policy is first asked about each owner without their roles
 * (loadBareMembers: enough for the owner of their own user mailbox), then, with their roles, only
 * about the owners it did not let in: 10,000 owners of their own mailboxes cost one statement.
 */
export async function ownersOf(
  db: Db,
  mailboxes: readonly NoticeMailbox[],
  now: Date,
  except: number | null,
): Promise<Map<number, Actor>> {
  const found = new Map<number, Actor>();
  const withRoles: NoticeMailbox[] = [];
  const bare = await loadBareMembers(
    db,
    mailboxes.flatMap((m) => m.ownerId ?? []),
  );
  for (const mailbox of mailboxes) {
    const owner = mailbox.ownerId === null ? undefined : bare.get(mailbox.ownerId);
    if (!owner || owner.id === except || !owner.isEnabled) continue;
    if (decideViewMailbox(owner, mailbox, now).allowed) found.set(mailbox.id, owner);
    else withRoles.push(mailbox);
  }
  const owners = await loadMemberActors(
    db,
    withRoles.map((m) => m.ownerId!),
  );
  for (const mailbox of withRoles) {
    const owner = owners.get(mailbox.ownerId!);
    if (owner && decideViewMailbox(owner, mailbox, now).allowed) found.set(mailbox.id, owner);
  }
  return found;
}
