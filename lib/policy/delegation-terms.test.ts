import { describe, expect, it } from "vitest";
import { checkTerms, DAY_MS, decideTermsChange, delegationState, latestAllowedEnd } from "./delegation-terms";

const now = new Date("2026-11-27T12:00:00Z");
const inDays = (n: number) => new Date(now.getTime() + n * DAY_MS);
const why = "Covers onboarding";

// New assignments: what each combination of justification, end date and tenant maximum answers.
const NEW_TERMS: {
  case: string;
  justification: string | null;
  endsAt: Date | null;
  maxDays: number | null;
  outcome: string;
}[] = [
  { case: "no maximum, no end date", justification: why, endsAt: null, maxDays: null, outcome: "ok" },
  { case: "no maximum, an end date next year", justification: why, endsAt: inDays(400), maxDays: null, outcome: "ok" },
  {
    case: "no justification",
    justification: null,
    endsAt: inDays(10),
    maxDays: null,
    outcome: "JUSTIFICATION_REQUIRED",
  },
  {
    case: "a blank justification",
    justification: "  ",
    endsAt: null,
    maxDays: null,
    outcome: "JUSTIFICATION_REQUIRED",
  },
  { case: "an end date in the past", justification: why, endsAt: inDays(-1), maxDays: null, outcome: "END_DATE_PAST" },
  { case: "an end date of right now", justification: why, endsAt: now, maxDays: null, outcome: "END_DATE_PAST" },
  { case: "a maximum and no end date", justification: why, endsAt: null, maxDays: 180, outcome: "END_DATE_REQUIRED" },
  { case: "exactly the maximum", justification: why, endsAt: inDays(180), maxDays: 180, outcome: "ok" },
  {
    case: "a millisecond beyond the maximum",
    justification: why,
    endsAt: new Date(inDays(180).getTime() + 1),
    maxDays: 180,
    outcome: "BEYOND_MAXIMUM",
  },
  { case: "within a one-day maximum", justification: why, endsAt: inDays(0.5), maxDays: 1, outcome: "ok" },
];

describe("the terms of a new delegation", () => {
  it.each(NEW_TERMS)("$case → $outcome", ({ justification, endsAt, maxDays, outcome }) => {
    const result = checkTerms({ justification, endsAt }, { now, maxDays });
    expect(result.ok ? "ok" : result.reason).toBe(outcome);
  });

  it("names the field to correct and the latest allowed date", () => {
    expect(checkTerms({ justification: why, endsAt: null }, { now, maxDays: 180 })).toEqual({
      ok: false,
      field: "endsAt",
      reason: "END_DATE_REQUIRED",
      message: "The tenant limits delegations to 180 days: give an end date on or before 2027-05-26 12:00 UTC.",
    });
    expect(checkTerms({ justification: "", endsAt: null }, { now, maxDays: null })).toMatchObject({
      field: "justification",
    });
  });
});

// Changes of an existing assignment: current end date × new end date × maximum → change or refusal.
const CHANGES: {
  case: string;
  current: Date | null;
  next: Date | null;
  maxDays: number | null;
  outcome: string;
}[] = [
  { case: "a later end date", current: inDays(5), next: inDays(30), maxDays: null, outcome: "extend" },
  { case: "no end date instead of one", current: inDays(5), next: null, maxDays: null, outcome: "extend" },
  { case: "an earlier end date", current: inDays(30), next: inDays(5), maxDays: null, outcome: "shorten" },
  { case: "an end date where there was none", current: null, next: inDays(30), maxDays: null, outcome: "shorten" },
  { case: "the same end date", current: inDays(5), next: inDays(5), maxDays: null, outcome: "UNCHANGED" },
  { case: "still no end date", current: null, next: null, maxDays: null, outcome: "UNCHANGED" },
  { case: "an expired one, a new end date", current: inDays(-3), next: inDays(30), maxDays: null, outcome: "renew" },
  { case: "an expired one, no end date", current: inDays(-3), next: null, maxDays: null, outcome: "renew" },
  {
    case: "an expired one, an end date earlier than the old",
    current: inDays(-3),
    next: inDays(-4),
    maxDays: null,
    outcome: "END_DATE_PAST",
  },
  {
    case: "an extension beyond the maximum",
    current: inDays(5),
    next: inDays(200),
    maxDays: 180,
    outcome: "BEYOND_MAXIMUM",
  },
  { case: "an extension within the maximum", current: inDays(5), next: inDays(90), maxDays: 180, outcome: "extend" },
  {
    case: "a renewal beyond the maximum",
    current: inDays(-1),
    next: inDays(181),
    maxDays: 180,
    outcome: "BEYOND_MAXIMUM",
  },
  {
    case: "a renewal with no end date under a maximum",
    current: inDays(-1),
    next: null,
    maxDays: 180,
    outcome: "END_DATE_REQUIRED",
  },
  {
    case: "an end date for an unlimited one under a maximum",
    current: null,
    next: inDays(180),
    maxDays: 180,
    outcome: "shorten",
  },
  { case: "shortening into the past", current: inDays(30), next: inDays(-1), maxDays: null, outcome: "END_DATE_PAST" },
];

describe("extending, shortening and renewing", () => {
  it.each(CHANGES)("$case → $outcome", ({ current, next, maxDays, outcome }) => {
    const result = decideTermsChange({ endsAt: current }, { justification: why, endsAt: next }, { now, maxDays });
    expect(result.ok ? result.change : result.reason).toBe(outcome);
  });

  it("every change needs a justification", () => {
    const result = decideTermsChange(
      { endsAt: inDays(5) },
      { justification: "", endsAt: inDays(9) },
      { now, maxDays: null },
    );
    expect(result).toMatchObject({ ok: false, field: "justification", reason: "JUSTIFICATION_REQUIRED" });
  });
});

describe("state and limits", () => {
  it.each([
    { endsAt: null, state: "active" },
    { endsAt: inDays(1), state: "active" },
    { endsAt: now, state: "expired" },
    { endsAt: inDays(-1), state: "expired" },
  ])("ending $endsAt → $state", ({ endsAt, state }) => {
    expect(delegationState(endsAt, now)).toBe(state);
  });

  it("the latest allowed end follows the maximum, and there is none without one", () => {
    expect(latestAllowedEnd({ now, maxDays: 7 })).toEqual(inDays(7));
    expect(latestAllowedEnd({ now, maxDays: null })).toBeNull();
  });
});
