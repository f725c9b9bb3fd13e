import "server-only";
import { withTransaction } from "@/db/transaction";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import { decideViewTenantUsers } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import type { Decision } from "@/lib/policy/decision";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, staleVersion, type ServiceResult } from "../result";
import { countEnabledGlobalAdmins, loadTarget, tenantIdOf, type Target } from "./users";

/** The shape every change to an existing directory user shares (user-changes.ts, break-glass.ts). */

export type Who = { actor: Actor; origin: RequestOrigin; now?: Date };
export type Change = { before?: Record<string, unknown>; after?: Record<string, unknown>; reason?: string };

export const auditBase = (who: Who, target: { id: number; upn: string }, at: Date) => ({
  actor: { id: who.actor.id, upn: who.actor.upn },
  target: { type: "directoryUser", id: target.id, label: target.upn },
  origin: who.origin,
  at,
});

/**
 * The shape of every change to an existing user, in one immediate transaction: the target must
 * be visible, the rule must allow the change on facts read inside the transaction (so two admins
 * cannot each remove "the other" last Global Administrator), and the form's version must be current.
 */
export async function changeUser(
  db: Db,
  who: Who,
  ref: { userId: number; version: number },
  decide: (target: Target, enabledGlobalAdmins: number) => Decision,
  write: (tx: Tx, target: Target, audit: (action: string, change: Change) => Promise<unknown>) => Promise<boolean>,
  doneMessage: string,
): Promise<ServiceResult> {
  const at = who.now ?? new Date();
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    if (!decideViewTenantUsers(who.actor).allowed) return NOT_FOUND_RESULT;
    const tenantId = await tenantIdOf(tx, who.actor);
    const target = await loadTarget(tx, tenantId, ref.userId);
    if (!target) return NOT_FOUND_RESULT;
    const decision = decide(target, await countEnabledGlobalAdmins(tx, tenantId));
    if (!decision.allowed) return refusal(decision);
    if (ref.version !== target.version) return staleVersion("user");
    const audit = (action: string, change: Change) =>
      appendAuditEvent(tx, { action, ...auditBase(who, target, at), ...change });
    const isChanged = await write(tx, target, audit);
    if (!isChanged) return { ok: true, message: "Nothing to change." };
    await tx
      .update(directoryUsers)
      .set({ version: sql`${directoryUsers.version} + 1` })
      .where(eq(directoryUsers.id, target.id));
    return { ok: true, message: doneMessage };
  });
}
