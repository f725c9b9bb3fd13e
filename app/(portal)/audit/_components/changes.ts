import { isApprovalPath, approvalPathLabel } from "@/lib/policy/approval";
import { isRefusedAction } from "@/lib/policy/audit-names";

/** An event's before and after as field: old → new, over the fields either side names. */
export type Change = { field: string; before: string; after: string };

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    // A row edited outside the app may hold anything; show it rather than fail.
    return { value: json };
  }
}

const show = (value: unknown) =>
  value === undefined || value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value);

export function describeChanges(before: string | null, after: string | null): Change[] {
  const b = parse(before) ?? {};
  const a = parse(after) ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields.map((field) => ({ field, before: show(b[field]), after: show(a[field]) }));
}

/**
 * What an event's `after` says about how it was decided: the rule an approval was allowed by, or
 * a refused attempt's code, reason code and sentence.
 */
export function describeOutcome(action: string, after: string | null): { allowedBy?: string; refusal?: string } {
  const a = parse(after) ?? {};
  if (isRefusedAction(action)) {
    const parts = [a.code, a.reason].filter((p) => typeof p === "string" && p !== "").join(" ");
    return { refusal: [parts, typeof a.message === "string" ? a.message : ""].filter(Boolean).join(": ") || "—" };
  }
  return typeof a.allowedBy === "string" && isApprovalPath(a.allowedBy)
    ? { allowedBy: approvalPathLabel(a.allowedBy) }
    : {};
}
