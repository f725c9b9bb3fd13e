import type { Decision } from "@/lib/policy/decision";
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

export const NOT_FOUND_RESULT: Refusal = { ok: false, code: "NOT_FOUND", reason: "NOT_VISIBLE", message: "Not found." };

export function staleVersion(what: string): Refusal {
  return {
    ok: false,
    code: "0x80060882",
    reason: "STALE_VERSION",
    message: `This ${what} changed since you loaded it. Reload to see the current state, then try again.`,
  };
}

/** Who is acting, from where, and when: every writing service takes it. */
export type ActionContext = { origin: RequestOrigin; now: Date };
