import "server-only";
import { first } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";

/**
 * Takes Delegated Mailbox Approver from a holder inside the caller's transaction, with its
 * RoleRemoved event: what an access review's Remove does when the review is applied. The review's
 * rules (lib/policy/access-review.ts) decided it; `actor` is who applied the review, null for the
 * background sweep on the due date. Returns false when the holder no longer held the role.
 */
export async function removeDelegationInTransaction(
  tx: Tx,
  input: {
    environmentId: number;
    environmentUserId: number;
    actor: { id: number; upn: string } | null;
    reason: string;
    origin: RequestOrigin;
    now: Date;
  },
): Promise<boolean> {
  const held = await first(
    tx
      .select({
        id: userRoleAssignments.id,
        role: securityRoles.name,
        endsAt: userRoleAssignments.endsAt,
        justification: userRoleAssignments.justification,
        name: environmentUsers.fullName,
        email: environmentUsers.email,
      })
      .from(userRoleAssignments)
      .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
      .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
      .where(
        and(
          eq(userRoleAssignments.environmentUserId, input.environmentUserId),
          eq(securityRoles.environmentId, input.environmentId),
          eq(securityRoles.key, "delegated_mailbox_approver"),
        ),
      )
      .limit(1),
  );
  if (!held) return false;
  await tx.delete(userRoleAssignments).where(eq(userRoleAssignments.id, held.id));
  await tx
    .update(environmentUsers)
    .set({ version: sql`${environmentUsers.version} + 1` })
    .where(eq(environmentUsers.id, input.environmentUserId));
  await appendAuditEvent(tx, {
    action: "RoleRemoved",
    actor: input.actor,
    environmentId: input.environmentId,
    target: { type: "environmentUser", id: input.environmentUserId, label: `${held.name} <${held.email}>` },
    before: { role: held.role, endsAt: held.endsAt?.toISOString() ?? null, justification: held.justification },
    after: null,
    reason: input.reason,
    origin: input.origin,
    at: input.now,
  });
  return true;
}
