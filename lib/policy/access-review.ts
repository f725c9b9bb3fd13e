import { hasTenantRole, type Actor } from "./actor";
import type { TenantRole } from "./catalog";
import { allow, deny, type Condition, type Decision } from "./decision";

/**
 * DOMAIN §11 access reviews of the Delegated Mailbox Approver holders. A review is open until it
 * is applied (by its starter early, or by the background sweep on its due date); reviewers answer
 * Keep or Remove per holder while it is open, and may change an answer until then. Applying turns
 * every item into an outcome; a recurring review then starts the next one.
 */

export const DMA_TENANT_ADMINS_ONLY = "0x80090904";
export const MISSING_PRIVILEGE = "0x80040220";

export type ReviewStatus = "open" | "applied";
export type ReviewEvent = "answer" | "apply";
export type Answer = "keep" | "remove";
export type UnansweredRule = "keep" | "remove" | "flag";
export type ItemOutcome = "kept" | "removed" | "flagged" | "gone";
export type ReviewerMode = "tenant_admins" | "named";

export const RECURRENCE_DAYS = [30, 90, 180] as const;
export const UNANSWERED_RULES: Record<UnansweredRule, string> = {
  flag: "Flag them for follow-up (the role stays)",
  keep: "Keep the role",
  remove: "Remove the role",
};
export const OUTCOME_LABELS: Record<ItemOutcome, string> = {
  kept: "Kept",
  removed: "Removed",
  flagged: "Flagged — not reviewed",
  gone: "No longer held",
};

/** The state machine: which event each state accepts, and the state it leads to. */
const TRANSITIONS: Record<ReviewStatus, Partial<Record<ReviewEvent, ReviewStatus>>> = {
  open: { answer: "open", apply: "applied" },
  applied: {},
};

export function nextStatus(status: ReviewStatus, event: ReviewEvent): ReviewStatus | null {
  return TRANSITIONS[status][event] ?? null;
}

/**
 * What applying does to one item. A holder who lost the role since the review started (removed,
 * or expired) is "gone" whatever the answer; otherwise the answer, or the review's rule for
 * unanswered items, decides.
 */
export function itemOutcome(answer: Answer | null, unanswered: UnansweredRule, isStillHeld: boolean): ItemOutcome {
  if (!isStillHeld) return "gone";
  const effective = answer ?? unanswered;
  return effective === "keep" ? "kept" : effective === "remove" ? "removed" : "flagged";
}

/** Global and Exchange Administrators give and take the role (DOMAIN §4), so they start, answer and apply reviews of it. */
export function isReviewAdmin(person: { isEnabled: boolean; tenantRoles: readonly TenantRole[] }): boolean {
  return person.isEnabled && person.tenantRoles.some((r) => r === "global_admin" || r === "exchange_admin");
}

const reviewAdmin = (actor: Actor): Condition => ({
  id: "tenant-admin",
  label: "You are a Global or Exchange Administrator",
  held: isReviewAdmin(actor),
});

function notReviewAdmin(what: string, conditions: Condition[]): Decision {
  return deny(
    DMA_TENANT_ADMINS_ONLY,
    "NOT_TENANT_ADMIN",
    `Only a Global or Exchange Administrator can ${what}: reviews decide who keeps Delegated Mailbox Approver.`,
    conditions,
  );
}

/** The access review pages: the tenant admins of DOMAIN §2 read them; commands have their own rules. */
export function decideViewAccessReviews(actor: Actor): Decision {
  if (hasTenantRole(actor, "global_admin", "exchange_admin", "power_platform_admin", "dynamics365_admin"))
    return allow();
  return deny(
    MISSING_PRIVILEGE,
    "NOT_TENANT_ADMIN",
    "Access reviews are for tenant admins (Global, Exchange, Power Platform or Dynamics 365 Administrator).",
  );
}

export function decideStartReview(actor: Actor): Decision {
  const admin = reviewAdmin(actor);
  return admin.held ? allow("You can start an access review.", [admin]) : notReviewAdmin("start a review", [admin]);
}

export type ReviewFacts = {
  status: ReviewStatus;
  reviewerMode: ReviewerMode;
  reviewerIds: readonly number[];
  startedById: number;
  dueAt: Date;
};

/** A refusal by the review's state rather than by anyone's rights: no PPAC code applies. */
function stateRefusal(reason: string, message: string, conditions: Condition[] = []): Decision {
  return { allowed: false, code: null, reason, message, conditions };
}

const closed = () => stateRefusal("REVIEW_CLOSED", "This review has been applied; its answers are final.");

/** May the actor answer this item (the holder's directory user id given)? */
export function decideAnswerItem(actor: Actor, review: ReviewFacts, item: { holderDirectoryUserId: number }): Decision {
  if (!nextStatus(review.status, "answer")) return closed();
  const admin = reviewAdmin(actor);
  const reviewer: Condition = {
    id: "reviewer",
    label: "You are a reviewer of this review",
    held: review.reviewerMode === "tenant_admins" || review.reviewerIds.includes(actor.id),
  };
  const notSelf: Condition = {
    id: "not-self",
    label: "The item is not your own access",
    held: item.holderDirectoryUserId !== actor.id,
  };
  const conditions = [admin, reviewer, notSelf];
  if (!admin.held) return notReviewAdmin("answer a review", conditions);
  if (!reviewer.held)
    return deny(
      MISSING_PRIVILEGE,
      "NOT_A_REVIEWER",
      "You are not a reviewer of this review. Its starter named the people who review it.",
      conditions,
    );
  if (!notSelf.held)
    return deny(
      MISSING_PRIVILEGE,
      "SELF_REVIEW",
      "Nobody reviews their own access: another reviewer answers for this item.",
      conditions,
    );
  return allow("You can answer this item.", conditions);
}

/**
 * Applying: the starter may apply early while still a Global or Exchange Administrator; the
 * background sweep (actor null) applies it once it is due.
 */
export function decideApplyReview(actor: Actor | null, review: ReviewFacts, now: Date): Decision {
  if (!nextStatus(review.status, "apply")) return closed();
  if (actor === null) {
    const due: Condition = { id: "due", label: "The due date has come", held: now.getTime() >= review.dueAt.getTime() };
    return due.held ? allow("The review is due.", [due]) : stateRefusal("NOT_DUE", "The review is not due yet.", [due]);
  }
  const admin = reviewAdmin(actor);
  const starter: Condition = { id: "starter", label: "You started this review", held: actor.id === review.startedById };
  const conditions = [admin, starter];
  if (!admin.held) return notReviewAdmin("apply a review", conditions);
  if (!starter.held)
    return deny(
      MISSING_PRIVILEGE,
      "NOT_STARTER",
      "Only the person who started this review can apply it before its due date; on the due date it applies itself.",
      conditions,
    );
  return allow("You can apply this review now.", conditions);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The next review of a recurring series: it starts when this one is applied and is due one period
 * after this one's due date, so the cadence holds when a review is applied early. Applied late
 * (the server was down), it still gets at least as long as this one had.
 */
export function nextReviewDates(
  review: { startedAt: Date; dueAt: Date; recurrenceDays: number | null },
  appliedAt: Date,
): { startedAt: Date; dueAt: Date } | null {
  if (!review.recurrenceDays) return null;
  const onCadence = review.dueAt.getTime() + review.recurrenceDays * DAY_MS;
  const sameLength = appliedAt.getTime() + (review.dueAt.getTime() - review.startedAt.getTime());
  return { startedAt: appliedAt, dueAt: new Date(Math.max(onCadence, sameLength)) };
}
