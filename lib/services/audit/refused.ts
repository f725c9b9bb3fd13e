import "server-only";
import { withTransaction } from "@/db/transaction";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import type { RefusedAction } from "@/lib/policy/audit-names";
import type { Decision } from "@/lib/policy/decision";
import type { ActionContext } from "../result";
import { appendAuditEvent, type AuditInput } from "./log";

/**
 * Refused attempts of privileged actions (approve, reject, delegate, change roles, Test & Enable)
 * are audited as events of their own (issue 17): who tried what, and the rule that said no. The
 * refused change wrote nothing, so the event is appended in a transaction of its own, after the
 * change's rolled back or never started. One event per request, however many rows it refused:
 * a refused bulk selection of 10,000 is one event that counts them by reason.
 */

type Why = Pick<Decision, "code" | "reason" | "message">;

/** Refusals that are "not found", "changed since you loaded it" or bad input are no privilege refused, and not logged. */
const NOT_A_POLICY_REFUSAL = new Set(["NOT_VISIBLE", "STALE_VERSION", "INVALID_INPUT"]);

export function isPolicyRefusal(why: { ok?: boolean; code: string | null; reason: string | null }): boolean {
  return why.ok !== true && why.code !== null && !NOT_A_POLICY_REFUSAL.has(why.reason ?? "");
}

export type RefusedAttempt = {
  action: RefusedAction;
  actor: Pick<Actor, "id" | "upn">;
  environmentId: number | null;
  /** The one record the attempt concerned; null for a selection of many. */
  target?: AuditInput["target"];
  /** Each refused row's (or the request's) refusal; those that are not policy refusals are ignored. */
  refusals: readonly Why[];
  /** What was attempted, e.g. the roles or the selection's size. */
  attempted?: Record<string, unknown>;
};

/** Appends the attempt's one event when any of its refusals is a policy refusal; returns whether it did. */
export async function recordRefusedAttempt(db: Db, attempt: RefusedAttempt, ctx: ActionContext): Promise<boolean> {
  const refused = attempt.refusals.filter((r) => isPolicyRefusal(r));
  if (refused.length === 0) return false;
  const byReason = new Map<string, Why & { count: number }>();
  for (const r of refused) {
    const key = `${r.code} ${r.reason}`;
    const entry = byReason.get(key) ?? { code: r.code, reason: r.reason, message: r.message, count: 0 };
    entry.count++;
    byReason.set(key, entry);
  }
  const [first] = byReason.values();
  await withTransaction(db, (tx) =>
    appendAuditEvent(tx, {
      action: attempt.action,
      actor: attempt.actor,
      environmentId: attempt.environmentId,
      target: attempt.target ?? null,
      after: {
        code: first!.code,
        reason: first!.reason,
        message: first!.message,
        ...(refused.length > 1 ? { refusedCount: refused.length, reasons: [...byReason.values()] } : {}),
        ...attempt.attempted,
      },
      reason: `${first!.code} ${first!.reason}: ${first!.message}`,
      origin: ctx.origin,
      at: ctx.now,
    }),
  );
  return true;
}
