import "server-only";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environments, mailboxes } from "@/db/schema";
import { activeMembership, type Actor } from "@/lib/policy/actor";

/** The actor's own user mailboxes, one per environment they are an enabled member of. */
export async function listOwnMailboxes(db: Db, actor: Actor) {
  const envUserIds = actor.memberships
    .filter((m) => activeMembership(actor, m.environmentId))
    .map((m) => m.environmentUserId);
  if (envUserIds.length === 0) return [];
  return (
    await db
      .select({
        id: mailboxes.id,
        name: mailboxes.name,
        emailAddress: mailboxes.emailAddress,
        emailStatus: mailboxes.emailStatus,
        mailboxStatus: mailboxes.mailboxStatus,
        isActive: mailboxes.isActive,
        approvedByName: mailboxes.approvedByName,
        approvedOn: mailboxes.approvedOn,
        pendingSince: mailboxes.pendingSince,
        rejectionReason: mailboxes.rejectionReason,
        environmentId: mailboxes.environmentId,
        regardingType: mailboxes.regardingType,
        regardingUserId: mailboxes.regardingUserId,
        // For "Request approval" (once a day): the owner's last request, by its index.
        lastRequestedAt: sql<
          number | null
        >`(select max(requested_at) from approval_requests r where r.mailbox_id = ${mailboxes.id})`,
        environmentName: environments.name,
        environmentSlug: environments.slug,
      })
      .from(mailboxes)
      .innerJoin(environments, eq(environments.id, mailboxes.environmentId))
      .where(inArray(mailboxes.regardingUserId, envUserIds))
      .orderBy(asc(environments.name))
  ).map(({ lastRequestedAt, ...row }) => ({
    ...row,
    lastRequestedAt: lastRequestedAt === null ? null : new Date(lastRequestedAt),
  }));
}
