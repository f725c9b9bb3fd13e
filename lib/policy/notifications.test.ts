import { describe, expect, it } from "vitest";
import { actor, holding, membership } from "./fixtures";
import { decideRequestApproval, isDigestDue, rejectionReasonProblem } from "./notifications";

const now = new Date("2026-11-27T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("when an environment's approvers get a digest", () => {
  it.each([
    ["nothing waiting", 0, null, 60, false],
    ["the first pending mailbox after no digest ever", 1, null, 60, true],
    ["the first after a quiet hour", 1, minutesAgo(61), 60, true],
    ["exactly the interval after the last digest", 3, minutesAgo(60), 60, true],
    ["within the interval after the last digest: they wait", 3, minutesAgo(59), 60, false],
    ["a 15-minute interval, 15 minutes on", 1, minutesAgo(15), 15, true],
    ["a daily digest, 23 hours on", 5, minutesAgo(23 * 60), 1440, false],
  ])("%s", (_name, waiting, lastSentAt, intervalMinutes, expected) => {
    expect(isDigestDue({ waiting, lastSentAt, intervalMinutes, now })).toBe(expected);
  });
});

describe("who may ask for approval of a mailbox, and how often", () => {
  const owner = actor({ memberships: [membership(1, [holding("basic_user")])] });
  const own = {
    environmentId: 1,
    regardingType: "user" as const,
    regardingUserId: 100,
    isPending: true,
    isActive: true,
  };
  it.each([
    ["the owner of a pending mailbox, never asked", own, null, true, null],
    ["asked 23 hours ago", own, minutesAgo(23 * 60), false, "ASKED_TODAY"],
    ["asked 24 hours ago", own, minutesAgo(24 * 60), true, null],
    ["someone else's mailbox", { ...own, regardingUserId: 101 }, null, false, "NOT_VISIBLE"],
    ["a queue", { ...own, regardingType: "queue" as const, regardingUserId: null }, null, false, "NOT_VISIBLE"],
    ["an approved mailbox", { ...own, isPending: false }, null, false, "NOT_PENDING"],
    ["an inactive mailbox", { ...own, isActive: false }, null, false, "NOT_PENDING"],
  ])("%s", (_name, mailbox, last, allowed, reason) => {
    const decision = decideRequestApproval(owner, mailbox, last, now);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it("says when the owner may ask again", () => {
    expect(decideRequestApproval(owner, own, minutesAgo(60), now).nextAllowedAt).toEqual(
      new Date(minutesAgo(60).getTime() + 24 * 3_600_000),
    );
  });

  it("a disabled membership asks nothing", () => {
    const disabled = actor({ memberships: [membership(1, [holding("basic_user")], { isEnabled: false })] });
    expect(decideRequestApproval(disabled, own, null, now).allowed).toBe(false);
  });
});

describe("a rejection's reason", () => {
  it.each([
    [undefined, "Give a reason for the rejection: the mailbox's owner is told it."],
    ["   ", "Give a reason for the rejection: the mailbox's owner is told it."],
    ["Left the company.", null],
    ["x".repeat(500), null],
    ["x".repeat(501), "Keep the reason to 500 characters or fewer."],
    ["é".repeat(500), null],
  ])("%j", (reason, problem) => {
    expect(rejectionReasonProblem(reason)).toBe(problem);
  });
});
