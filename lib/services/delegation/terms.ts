import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environmentUsers, userRoleAssignments } from "@/db/schema";
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
import { NOT_FOUND_RESULT, refusal, staleVersion, type ActionContext, type ServiceResult } from "../result";
import { getTenantSettings } from "../settings/tenant-settings";
import { recordExpiryIfDue } from "./expiry";
import { loadEnvironmentRoles } from "./role-facts";

type AssignmentRow = {
  id: number;
  roleId: number;
  environmentId: number;
  environmentUserId: number;
  name: string;
  email: string;
  isEnabled: number;
  version: number;
  endsAt: number | null;
  justification: string | null;
};

/** A Delegated Mailbox Approver assignment with its holder, or null. */
export function findDelegation(db: Db, assignmentId: number): AssignmentRow | null {
  return (
    (db.$client
      .prepare(
        `select a.id, a.role_id as roleId, r.environment_id as environmentId, eu.id as environmentUserId,
           eu.full_name as name, eu.email, (eu.is_enabled and d.is_enabled) as isEnabled, eu.version,
           a.ends_at as endsAt, a.justification
         from user_role_assignments a
         join security_roles r on r.id = a.role_id and r.key = 'delegated_mailbox_approver'
         join environment_users eu on eu.id = a.environment_user_id
         join directory_users d on d.id = eu.directory_user_id
         where a.id = ?`,
      )
      .get(assignmentId) as AssignmentRow | undefined) ?? null
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
export function changeDelegationTerms(
  db: Db,
  actor: Actor,
  input: { assignmentId: number; expectedEndsAt: Date | null; terms: DelegationTerms },
  ctx: ActionContext,
): ServiceResult<{ change: TermsChange }> {
  return db.transaction(
    (): ServiceResult<{ change: TermsChange }> => {
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
      const row = findDelegation(db, input.assignmentId);
      if (!row) return NOT_FOUND_RESULT;
      const current = row.endsAt === null ? null : new Date(row.endsAt);
      if ((current?.getTime() ?? null) !== (input.expectedEndsAt?.getTime() ?? null)) return staleVersion("delegation");

      const limits = { now: ctx.now, maxDays: getTenantSettings(db).maxDelegationDays };
      const decided = decideTermsChange({ endsAt: current }, input.terms, limits);
      if (!decided.ok)
        return { ok: false, code: null, reason: decided.reason, message: decided.message, field: decided.field };
      const role = loadEnvironmentRoles(db, row.environmentId).find((r) => r.id === row.roleId)!;
      const decision = decideChangeTerms(
        actor,
        { environmentId: row.environmentId, role, isTargetEnabled: row.isEnabled === 1, change: decided.change },
        ctx.now,
      );
      if (!decision.allowed) return refusal(decision);

      const isRenewal = decided.change === "renew";
      if (isRenewal) recordExpiryIfDue(db, row.id, ctx.now);
      db.update(userRoleAssignments)
        .set({
          endsAt: input.terms.endsAt,
          justification: input.terms.justification,
          ...(isRenewal ? { expiryAuditedAt: null, renewedById: actor.id, renewedAt: ctx.now } : {}),
        })
        .where(eq(userRoleAssignments.id, row.id))
        .run();
      // The holder's roles changed: a Manage security roles panel opened before this is stale.
      db.update(environmentUsers)
        .set({ version: sql`${environmentUsers.version} + 1` })
        .where(eq(environmentUsers.id, row.environmentUserId))
        .run();
      appendAuditEvent(db, {
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
    },
    { behavior: "immediate" },
  );
}
