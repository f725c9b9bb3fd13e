import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import type { TenantRole } from "./catalog";
import { actor } from "./fixtures";
import {
  decideAnswerItem,
  decideApplyReview,
  decideStartReview,
  decideViewAccessReviews,
  itemOutcome,
  nextReviewDates,
  nextStatus,
  type Answer,
  type ItemOutcome,
  type ReviewFacts,
  type UnansweredRule,
} from "./access-review";

const now = new Date("2026-11-27T12:00:00Z");
const day = (n: number) => new Date(now.getTime() + n * 86_400_000);
const person = (id: number, tenantRoles: TenantRole[] = [], isEnabled = true): Actor => ({
  ...actor({ tenantRoles, isEnabled }),
  id,
});

const GLOBAL = person(1, ["global_admin"]);
const EXCHANGE = person(2, ["exchange_admin"]);
const POWER = person(3, ["power_platform_admin"]);
const DYNAMICS = person(4, ["dynamics365_admin"]);
const NOBODY = person(5);
const DISABLED_GLOBAL = person(6, ["global_admin"], false);

describe("the review state machine", () => {
  it.each([
    ["open", "answer", "open"],
    ["open", "apply", "applied"],
    ["applied", "answer", null],
    ["applied", "apply", null],
  ] as const)("%s + %s → %s", (status, event, expected) => {
    expect(nextStatus(status, event)).toBe(expected);
  });
});

describe("what applying does to an item", () => {
  const cases: [Answer | null, UnansweredRule, boolean, ItemOutcome][] = [
    ["keep", "flag", true, "kept"],
    ["keep", "remove", true, "kept"],
    ["remove", "keep", true, "removed"],
    ["remove", "flag", true, "removed"],
    [null, "flag", true, "flagged"],
    [null, "keep", true, "kept"],
    [null, "remove", true, "removed"],
    ["remove", "flag", false, "gone"],
    ["keep", "flag", false, "gone"],
    [null, "remove", false, "gone"],
  ];
  it.each(cases)("answer %s, unanswered rule %s, still held %s → %s", (answer, rule, held, expected) => {
    expect(itemOutcome(answer, rule, held)).toBe(expected);
  });
});

describe("who sees and starts reviews", () => {
  it.each([
    ["Global Administrator", GLOBAL, true, true],
    ["Exchange Administrator", EXCHANGE, true, true],
    ["Power Platform Administrator", POWER, true, false],
    ["Dynamics 365 Administrator", DYNAMICS, true, false],
    ["no tenant role", NOBODY, false, false],
    ["a disabled Global Administrator", DISABLED_GLOBAL, false, false],
  ])("%s: sees %s, starts %s", (_, who, sees, starts) => {
    expect(decideViewAccessReviews(who).allowed).toBe(sees);
    const start = decideStartReview(who);
    expect(start.allowed).toBe(starts);
    if (!starts) expect(start).toMatchObject({ code: "0x80090904", reason: "NOT_TENANT_ADMIN" });
  });
});

const openReview = (extra: Partial<ReviewFacts> = {}): ReviewFacts => ({
  status: "open",
  reviewerMode: "tenant_admins",
  reviewerIds: [],
  startedById: GLOBAL.id,
  dueAt: day(14),
  ...extra,
});

describe("answering an item", () => {
  const holder = { holderDirectoryUserId: 50 };
  it.each([
    ["a Global Administrator, any GA/EA reviews", GLOBAL, openReview(), holder, null],
    ["an Exchange Administrator, any GA/EA reviews", EXCHANGE, openReview(), holder, null],
    ["a named reviewer", EXCHANGE, openReview({ reviewerMode: "named", reviewerIds: [2] }), holder, null],
    [
      "a GA not among the named reviewers",
      GLOBAL,
      openReview({ reviewerMode: "named", reviewerIds: [2] }),
      holder,
      "NOT_A_REVIEWER",
    ],
    [
      "a named reviewer who lost Exchange Administrator",
      NOBODY,
      openReview({ reviewerMode: "named", reviewerIds: [5] }),
      holder,
      "NOT_TENANT_ADMIN",
    ],
    ["a Power Platform Administrator", POWER, openReview(), holder, "NOT_TENANT_ADMIN"],
    ["a reviewer of their own access", GLOBAL, openReview(), { holderDirectoryUserId: 1 }, "SELF_REVIEW"],
    ["anyone once the review was applied", GLOBAL, openReview({ status: "applied" }), holder, "REVIEW_CLOSED"],
  ] as const)("%s → %s", (_, who, review, item, reason) => {
    const decision = decideAnswerItem(who, review, item);
    expect(decision.allowed).toBe(reason === null);
    expect(decision.reason).toBe(reason);
  });
});

describe("applying a review", () => {
  it.each([
    ["its starter, early", GLOBAL, openReview(), now, null],
    ["another Global Administrator, early", person(9, ["global_admin"]), openReview(), now, "NOT_STARTER"],
    ["its starter after losing Global Administrator", person(1), openReview(), now, "NOT_TENANT_ADMIN"],
    ["the background sweep before the due date", null, openReview(), day(13), "NOT_DUE"],
    ["the background sweep on the due date", null, openReview(), day(14), null],
    ["the background sweep after the due date", null, openReview(), day(20), null],
    ["the sweep, an applied review", null, openReview({ status: "applied" }), day(20), "REVIEW_CLOSED"],
    ["the starter, an applied review", GLOBAL, openReview({ status: "applied" }), now, "REVIEW_CLOSED"],
  ] as const)("%s → %s", (_, who, review, at, reason) => {
    const decision = decideApplyReview(who, review, at);
    expect(decision.allowed).toBe(reason === null);
    expect(decision.reason).toBe(reason);
  });
});

describe("the next review of a recurring series", () => {
  const review = { startedAt: now, dueAt: day(14), recurrenceDays: 90 as number | null };
  it.each([
    ["applied on its due date", review, day(14), { startedAt: day(14), dueAt: day(104) }],
    ["applied a week early: the cadence holds", review, day(7), { startedAt: day(7), dueAt: day(104) }],
    ["applied 100 days late: as long as this one had", review, day(114), { startedAt: day(114), dueAt: day(128) }],
    ["every 30 days", { ...review, recurrenceDays: 30 }, day(14), { startedAt: day(14), dueAt: day(44) }],
    ["not recurring", { ...review, recurrenceDays: null }, day(14), null],
  ])("%s", (_, facts, appliedAt, expected) => {
    expect(nextReviewDates(facts, appliedAt)).toEqual(expected);
  });
});
