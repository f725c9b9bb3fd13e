import { activeMembership, type Actor } from "./actor";
import { allow, deny, type Decision } from "./decision";

/**
 * DOMAIN §11, Notifications: who hears what is decided elsewhere (approvers by decideApproval,
 * owners by decideViewMailbox); here are the rules of the notifications themselves: the kinds
 * people choose email for, when an approvers' digest is due, how often an owner may ask for
 * approval, and what a rejection's reason must be.
 */

export const NOTIFICATION_KINDS = [
  "approval-digest",
  "approval-requested",
  "mailbox-decision",
  "mailbox-test-failed",
  "mailbox-pending-again",
  "dma-expiry-reminder",
  "access-review-assigned",
  "access-review-applied",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How each kind is named on the preferences page and in its unsubscribe link. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  "approval-digest": "New mailboxes waiting for your approval (digest)",
  "approval-requested": "Owners asking you to approve their mailbox",
  "mailbox-decision": "Your mailbox approved or rejected",
  "mailbox-test-failed": "Test & Enable failed on your mailbox",
  "mailbox-pending-again": "Your mailbox needs approval again after an address change",
  "dma-expiry-reminder": "Delegated Mailbox Approver roles about to end",
  "access-review-assigned": "Access reviews assigned to you",
  "access-review-applied": "Access reviews applied",
};

export const isNotificationKind = (value: string): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value);

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The digest intervals an environment may choose, in minutes; 60 unless changed. */
export const DIGEST_INTERVALS = [15, 30, 60, 120, 240, 480, 1440] as const;
export const DEFAULT_DIGEST_MINUTES = 60;
export const digestIntervalLabel = (minutes: number) =>
  minutes < 60 ? `Every ${minutes} minutes` : minutes === 60 ? "Every hour" : `Every ${minutes / 60} hours`;

/**
 * Whether an environment's approvers get a digest now: only with mailboxes waiting, and not within
 * the interval after the last one. So the first pending mailbox of a quiet period goes at once,
 * and those arriving soon after wait for the next digest together.
 */
export function isDigestDue(input: {
  waiting: number;
  lastSentAt: Date | null;
  intervalMinutes: number;
  now: Date;
}): boolean {
  if (input.waiting === 0) return false;
  if (input.lastSentAt === null) return true;
  return input.now.getTime() - input.lastSentAt.getTime() >= input.intervalMinutes * MINUTE_MS;
}

/** When the environment's next digest may go, for the settings page: now when the interval has passed. */
export function nextDigestAt(lastSentAt: Date | null, intervalMinutes: number): Date | null {
  return lastSentAt && new Date(lastSentAt.getTime() + intervalMinutes * MINUTE_MS);
}

export const APPROVAL_REQUEST_EVERY_MS = DAY_MS;
export const APPROVAL_NOTE_MAX = 500;

/** "Request approval" on My mailbox: the owner of a user mailbox awaiting approval, once a day per mailbox. */
export function decideRequestApproval(
  actor: Actor,
  mailbox: {
    environmentId: number;
    regardingType: "user" | "queue";
    regardingUserId: number | null;
    isPending: boolean;
    isActive: boolean;
  },
  lastRequestedAt: Date | null,
  now: Date,
): Decision & { nextAllowedAt: Date | null } {
  const membership = activeMembership(actor, mailbox.environmentId);
  const isOwn =
    mailbox.regardingType === "user" && membership !== null && mailbox.regardingUserId === membership.environmentUserId;
  const nextAllowedAt = lastRequestedAt && new Date(lastRequestedAt.getTime() + APPROVAL_REQUEST_EVERY_MS);
  const conditions = [
    { id: "own-mailbox", label: "It is your own mailbox", held: isOwn },
    { id: "pending", label: "It is awaiting approval", held: mailbox.isPending && mailbox.isActive },
    {
      id: "once-a-day",
      label: "You have not asked in the last 24 hours",
      held: nextAllowedAt === null || nextAllowedAt.getTime() <= now.getTime(),
    },
  ];
  const result = (decision: Decision) => ({ ...decision, nextAllowedAt: conditions[2]!.held ? null : nextAllowedAt });
  if (!isOwn) return result(deny("NOT_FOUND", "NOT_VISIBLE", "Not found.", conditions));
  if (!conditions[1]!.held)
    return result(
      deny("0x80040220", "NOT_PENDING", "Only a mailbox awaiting approval can be put to its approvers.", conditions),
    );
  if (!conditions[2]!.held)
    return result(
      deny(
        "0x80040220",
        "ASKED_TODAY",
        "You asked for approval of this mailbox in the last 24 hours; its approvers have your request.",
        conditions,
      ),
    );
  return result(allow("You can ask this mailbox's approvers to approve it.", conditions));
}

export const REJECTION_REASON_MAX = 500;

/** Reasons an approver can pick and then edit; the reason itself is free text. */
export const COMMON_REJECTION_REASONS = [
  "The address is not one of our mailboxes.",
  "The address is misspelled. Correct it and ask again.",
  "This person no longer works here.",
  "A shared mailbox should be a queue with its own owner.",
  "Another mailbox already syncs this address.",
] as const;

/** A rejection's reason (DOMAIN §11): required, at most 500 characters. Returns why not, or null. */
export function rejectionReasonProblem(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? "";
  if (text.length === 0) return "Give a reason for the rejection: the mailbox's owner is told it.";
  if ([...text].length > REJECTION_REASON_MAX) return `Keep the reason to ${REJECTION_REASON_MAX} characters or fewer.`;
  return null;
}
