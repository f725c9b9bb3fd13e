import "server-only";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideChangeTerms } from "@/lib/policy/delegation";
import {
  decideTermsChange,
  delegationState,
  TERMS_CHANGE_ACTIONS,
  type DelegationTerms,
  type TermsChange,
} from "@/lib/policy/delegation-terms";
import { canManageDelegations, DMA_TENANT_ADMINS_ONLY } from "@/lib/policy/role-assignment";
import { appendAuditEvent } from "../audit/log";
import { preparedOnce } from "../prepared";
import { NOT_FOUND_RESULT, refusal, staleVersion, type ActionContext, type ServiceResult } from "../result";
import { getTenantSettings } from "../settings/tenant-settings";
import { recordExpiryIfDue } from "./expiry";
import { loadEnvironmentRoles } from "./role-facts";

/** A Delegated Mailbox Approver assignment with its holder, or null. */
export async function findDelegation(db: Db, assignmentId: number) {
  return (await preparedOnce(db, prepareFindDelegation).get({ assignmentId })) ?? null;
}

function prepareFindDelegation(db: Db) {
  return prepare(
    db
      .select({
        id: userRoleAssignments.id,
        roleId: userRoleAssignments.roleId,
        environmentId: securityRoles.environmentId,
        environmentUserId: environmentUsers.id,
        name: environmentUsers.fullName,
        email: environmentUsers.email,
        isEnabled: sql<boolean>`(${environmentUsers.isEnabled} and ${directoryUsers.isEnabled})`.mapWith(Boolean),
        version: environmentUsers.version,
        endsAt: userRoleAssignments.endsAt,
        justification: userRoleAssignments.justification,
      })
      .from(userRoleAssignments)
      .innerJoin(
        securityRoles,
        and(eq(securityRoles.id, userRoleAssignments.roleId), eq(securityRoles.key, "delegated_mailbox_approver")),
      )
      .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
      .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
      .where(eq(userRoleAssignments.id, sql.placeholder("assignmentId"))),
  );
}

const utc = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "no end date");
const DONE: Record<TermsChange, string> = { extend: "Extended", shorten: "Shortened", renew: "Renewed" };

/**
 * Extend, Shorten or Renew a delegation (DOMAIN §11): a new end date with a justification, within
 * the tenant's maximum. A renewal restarts an expired assignment in place — the same row, its
 * original delegator and date kept, its expiry recorded first if the sweep has not yet — so no
 * history is lost. `expectedEndsAt` is the end date the admin saw: a change made meanwhile refuses.
 */
export async function changeDelegationTerms(
  db: Db,
  actor: Actor,
  input: { assignmentId: number; expectedEndsAt: Date | null; terms: DelegationTerms },
  ctx: ActionContext,
): Promise<ServiceResult<{ change: TermsChange }>> {
  return await withTransaction(db, async (): Promise<ServiceResult<{ change: TermsChange }>> => {
    // Before anything is read: nobody else learns which assignments exist.
    if (!canManageDelegations(actor)) {
      return {
        ok: false,
        code: DMA_TENANT_ADMINS_ONLY,
        reason: "NOT_TENANT_ADMIN",
        message:
          "Only a Global or Exchange Administrator can change a Delegated Mailbox Approver assignment. Ask one of them to do it.",
      };
    }
    const row = await findDelegation(db, input.assignmentId);
    if (!row) return NOT_FOUND_RESULT;
    const current = row.endsAt;
    if ((current?.getTime() ?? null) !== (input.expectedEndsAt?.getTime() ?? null)) return staleVersion("delegation");

    const limits = { now: ctx.now, maxDays: (await getTenantSettings(db)).maxDelegationDays };
    const decided = decideTermsChange({ endsAt: current }, input.terms, limits);
    if (!decided.ok)
      return { ok: false, code: null, reason: decided.reason, message: decided.message, field: decided.field };
    const role = (await loadEnvironmentRoles(db, row.environmentId)).find((r) => r.id === row.roleId)!;
    const decision = decideChangeTerms(
      actor,
      { environmentId: row.environmentId, role, isTargetEnabled: row.isEnabled, change: decided.change },
      ctx.now,
    );
    if (!decision.allowed) return refusal(decision);

    const isRenewal = decided.change === "renew";
    if (isRenewal) await recordExpiryIfDue(db, row.id, ctx.now);
    await db
      .update(userRoleAssignments)
      .set({
        endsAt: input.terms.endsAt,
        justification: input.terms.justification,
        ...(isRenewal ? { expiryAuditedAt: null, renewedById: actor.id, renewedAt: ctx.now } : {}),
      })
      .where(eq(userRoleAssignments.id, row.id));
    // The holder's roles changed: a Manage security roles panel opened before this is stale.
    await db
      .update(environmentUsers)
      .set({ version: sql`${environmentUsers.version} + 1` })
      .where(eq(environmentUsers.id, row.environmentUserId));
    await appendAuditEvent(db, {
      action: TERMS_CHANGE_ACTIONS[decided.change],
      actor: { id: actor.id, upn: actor.upn },
      environmentId: row.environmentId,
      target: { type: "environmentUser", id: row.environmentUserId, label: `${row.name} <${row.email}>` },
      before: {
        role: role.name,
        state: delegationState(current, ctx.now) === "expired" ? "Expired" : "Active",
        endsAt: current?.toISOString() ?? null,
        justification: row.justification,
      },
      after: {
        role: role.name,
        state: "Active",
        endsAt: input.terms.endsAt?.toISOString() ?? null,
        justification: input.terms.justification,
      },
      reason: input.terms.justification,
      origin: ctx.origin,
      at: ctx.now,
    });
    return {
      ok: true,
      change: decided.change,
      message: `${DONE[decided.change]} ${row.name}'s delegation: ${utc(current)} → ${utc(input.terms.endsAt)}.`,
    };
  });
}
