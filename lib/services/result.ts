import "server-only";
import { NOT_FOUND, type Decision } from "@/lib/policy/decision";
import type { RequestOrigin } from "./audit/log";

/** What a writing service returns: success with a sentence for people, or a refusal that changed nothing. */
export type ServiceResult<T = object> =
  | ({ ok: true; message: string } & T)
  | { ok: false; code: string | null; reason: string | null; message: string; field?: string };

export type Refusal = Extract<ServiceResult, { ok: false }>;

export function refusal(decision: Pick<Decision, "code" | "reason" | "message">): Refusal {
  return { ok: false, code: decision.code, reason: decision.reason, message: decision.message };
}

export function invalidInput(field: string, message: string): Refusal {
  return { ok: false, code: null, reason: "INVALID_INPUT", message, field };
}

/** Missing, or not the actor's to see: the one answer for both, so existence is never revealed. */
export const NOT_FOUND_RESULT: Refusal = refusal(NOT_FOUND);

export function staleVersion(what: string): Refusal {
  return {
    ok: false,
    code: "0x80060882",
    reason: "STALE_VERSION",
    message: `This ${what} changed since you loaded it. Reload to see the current state, then try again.`,
  };
}

/** One row's result in a command on many (approve, reject, Assign role): what happened to it, and why. */
export type RowOutcome = {
  id: number;
  name: string;
  outcome: "changed" | "unchanged" | "refused";
  code: string | null;
  reason: string | null;
  message: string;
};

/** One row of a command on many (approve, reject, Test & Enable, the grid's commands) that was refused. */
export type RefusedRow = RowOutcome & { outcome: "refused" };

/** A row refused for the same reason, with the same code and sentence, as a whole request would be. */
export function refusedRow(
  row: { id: number; name: string },
  why: Pick<Decision, "code" | "reason" | "message">,
): RefusedRow {
  return { id: row.id, name: row.name, outcome: "refused", code: why.code, reason: why.reason, message: why.message };
}

/**
 * A row the actor may not see is answered exactly as one that does not exist: no name, no version
 * compared, so replaying ids of another environment reveals neither names nor which ids exist.
 */
export const notFoundRow = (id: number): RefusedRow => refusedRow({ id, name: `#${id}` }, NOT_FOUND_RESULT);

/** Who is acting, from where, and when: every writing service takes it. */
export type ActionContext = { origin: RequestOrigin; now: Date };
