/**
 * DOMAIN §4 and §11 (ours): the terms a Delegated Mailbox Approver assignment carries — an end
 * date and a justification — and how they may change. New, extended, renewed and shortened
 * assignments all need a justification and a future end date within the tenant's maximum
 * delegation length, when one is set ("no end date" is then impossible).
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest maximum a tenant may set: ten years. */
export const MAX_DELEGATION_DAYS_LIMIT = 3650;
export const JUSTIFICATION_MAX = 500;

export type DelegationState = "active" | "expired";
export type DelegationTerms = { justification: string | null; endsAt: Date | null };
/** What bounds a new end date: the moment of the change and the tenant's setting. */
export type TermsLimits = { now: Date; maxDays: number | null };
export type TermsChange = "extend" | "shorten" | "renew";

/** A failed check names the form field to correct. */
export type TermsRefusal = {
  ok: false;
  field: "endsAt" | "justification";
  reason: "JUSTIFICATION_REQUIRED" | "END_DATE_REQUIRED" | "END_DATE_PAST" | "BEYOND_MAXIMUM" | "UNCHANGED";
  message: string;
};

/** An assignment with an end date grants nothing from that instant on. */
export function delegationState(endsAt: Date | null, now: Date): DelegationState {
  return endsAt !== null && endsAt.getTime() <= now.getTime() ? "expired" : "active";
}

/** The latest end date the tenant allows for a change made at `now`, or null when there is no maximum. */
export function latestAllowedEnd({ now, maxDays }: TermsLimits): Date | null {
  return maxDays === null ? null : new Date(now.getTime() + maxDays * DAY_MS);
}

const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/** The terms of any new, extended, renewed or shortened assignment. */
export function checkTerms(terms: DelegationTerms, limits: TermsLimits): { ok: true } | TermsRefusal {
  if (!terms.justification?.trim())
    return {
      ok: false,
      field: "justification",
      reason: "JUSTIFICATION_REQUIRED",
      message: "Give a justification: it is kept in the audit log.",
    };
  const latest = latestAllowedEnd(limits);
  if (terms.endsAt === null) {
    return latest === null
      ? { ok: true }
      : {
          ok: false,
          field: "endsAt",
          reason: "END_DATE_REQUIRED",
          message: `The tenant limits delegations to ${days(limits.maxDays!)}: give an end date on or before ${utc(latest)}.`,
        };
  }
  if (terms.endsAt.getTime() <= limits.now.getTime())
    return { ok: false, field: "endsAt", reason: "END_DATE_PAST", message: "The end date must be in the future." };
  if (latest !== null && terms.endsAt.getTime() > latest.getTime())
    return {
      ok: false,
      field: "endsAt",
      reason: "BEYOND_MAXIMUM",
      message: `The tenant limits delegations to ${days(limits.maxDays!)}: choose an end date on or before ${utc(latest)}.`,
    };
  return { ok: true };
}

/**
 * A change of an existing assignment's end date: Renew when it has expired (it restarts), else
 * Extend (a later end date, or none) or Shorten (an earlier one, or one where there was none).
 */
export function decideTermsChange(
  current: { endsAt: Date | null },
  next: DelegationTerms,
  limits: TermsLimits,
): { ok: true; change: TermsChange } | TermsRefusal {
  const checked = checkTerms(next, limits);
  if (!checked.ok) return checked;
  if (delegationState(current.endsAt, limits.now) === "expired") return { ok: true, change: "renew" };
  const before = current.endsAt?.getTime() ?? Infinity;
  const after = next.endsAt?.getTime() ?? Infinity;
  if (before === after)
    return {
      ok: false,
      field: "endsAt",
      reason: "UNCHANGED",
      message: next.endsAt
        ? "That already is the end date: choose another."
        : "The delegation already has no end date.",
    };
  return { ok: true, change: after > before ? "extend" : "shorten" };
}

/** The audit event each change writes. */
export const TERMS_CHANGE_ACTIONS: Record<TermsChange, string> = {
  extend: "RoleExtended",
  shorten: "RoleShortened",
  renew: "RoleRenewed",
};
