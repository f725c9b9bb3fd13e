import type { z } from "zod";
import type { Decision } from "@/lib/policy/decision";

/**
 * What a server action hands back to its form: field errors next to fields, a refusal as code +
 * sentence + failing condition, or success. Anything unexpected is thrown to error.tsx instead.
 */
export type ActionState = {
  status: "idle" | "invalid" | "refused" | "done";
  message?: string;
  code?: string | null;
  reason?: string | null;
  fieldErrors?: Record<string, string>;
};

export const IDLE: ActionState = { status: "idle" };

export function invalid(error: z.ZodError): ActionState {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return { status: "invalid", message: "Check the highlighted fields.", fieldErrors };
}

export function refused(decision: Pick<Decision, "code" | "reason" | "message">): ActionState {
  return { status: "refused", message: decision.message, code: decision.code, reason: decision.reason };
}

export function done(message: string): ActionState {
  return { status: "done", message };
}

/** A service's result as the form's state: a field error, a refusal, or done. */
export function fromServiceResult(
  result:
    | { ok: true; message: string }
    | { ok: false; code: string | null; reason: string | null; message: string; field?: string },
): ActionState {
  if (result.ok) return done(result.message);
  if (result.field)
    return { status: "invalid", message: result.message, fieldErrors: { [result.field]: result.message } };
  return refused(result);
}
