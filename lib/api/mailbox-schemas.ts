import { z } from "zod";
import { ACT_METHOD, EMAIL_STATUS, INCOMING_METHOD, OUTGOING_METHOD, TEST_STATUS } from "@/lib/policy/catalog";
import type { Condition, Decision } from "@/lib/policy/decision";
import { REJECTION_REASON_MAX } from "@/lib/policy/notifications";
import type { MailboxGridRow } from "@/lib/services/mailboxes/grid";

/** The mailbox as the API answers it: PPAC's option values, each with its label beside it. */

const label = (map: object, value: number) => (map as Record<number, string>)[value] ?? String(value);

const status = (name: string, values: string) =>
  z
    .int()
    .min(0)
    .max(3)
    .meta({ description: `${name}: ${values}.` });

export const DecisionSchema = z
  .object({
    allowed: z.boolean(),
    code: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "Decision", description: "What the rules answer the token's owner, as the portal shows it." });

export const ConditionSchema = z
  .object({ id: z.string(), label: z.string(), held: z.boolean() })
  .meta({ id: "Condition" });

export const MailboxSummary = z
  .object({
    id: z.int(),
    name: z.string(),
    emailAddress: z.string(),
    regarding: z.enum(["user", "queue"]),
    emailStatus: status("Email address status", "0 Empty, 1 Approved, 2 Pending Approval, 3 Rejected"),
    emailStatusLabel: z.string(),
    incomingStatus: status("Incoming test", "0 Not Run, 1 Success, 2 Failure"),
    outgoingStatus: status("Outgoing test", "0 Not Run, 1 Success, 2 Failure"),
    actStatus: status("Appointments, contacts and tasks test", "0 Not Run, 1 Success, 2 Failure"),
    serverProfile: z.string().nullable(),
    approvedBy: z.string().nullable(),
    testCompletedOn: z.iso.datetime().nullable(),
    pendingSince: z.iso.datetime().nullable().meta({
      description: "When it last entered Pending Approval (the Pending view sorts by it); null when not pending.",
    }),
    isActive: z.boolean(),
    version: z
      .int()
      .meta({ description: "The row version: send it back (or as If-Match) so a change made meanwhile is refused." }),
    canApprove: DecisionSchema,
    canReject: DecisionSchema,
  })
  .meta({ id: "MailboxSummary" });
export type MailboxSummary = z.input<typeof MailboxSummary>;

export function summaryOf(row: MailboxGridRow, decisions: { approve: Decision; reject: Decision }): MailboxSummary {
  return {
    id: row.id,
    name: row.name,
    emailAddress: row.emailAddress,
    regarding: row.regardingType,
    emailStatus: row.emailStatus,
    emailStatusLabel: label(EMAIL_STATUS, row.emailStatus),
    incomingStatus: row.incomingStatus,
    outgoingStatus: row.outgoingStatus,
    actStatus: row.actStatus,
    serverProfile: row.serverProfileName,
    approvedBy: row.approvedByName,
    testCompletedOn: row.testCompletedOn?.toISOString() ?? null,
    pendingSince: row.pendingSince?.toISOString() ?? null,
    isActive: row.isActive,
    version: row.version,
    canApprove: decisionOf(decisions.approve),
    canReject: decisionOf(decisions.reject),
  };
}

export const decisionOf = (d: Decision) => ({ allowed: d.allowed, code: d.code, reason: d.reason, message: d.message });
export const conditionsOf = (list: Condition[]) => list.map(({ id, label, held }) => ({ id, label, held }));

export const methodLabels = {
  incoming: (v: number) => label(INCOMING_METHOD, v),
  outgoing: (v: number) => label(OUTGOING_METHOD, v),
  act: (v: number) => label(ACT_METHOD, v),
  test: (v: number) => label(TEST_STATUS, v),
};

/** One row's answer to approve or reject, exactly as the dialog lists it. */
export const RowOutcomeSchema = z
  .object({
    id: z.int(),
    name: z.string(),
    outcome: z.enum(["changed", "unchanged", "refused"]),
    code: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: "RowOutcome" });

/** Why a mailbox was rejected, told to its owner (DOMAIN §11); run-approval.ts checks it as the dialog's Reject does. */
export const RejectionReason = z.string().meta({
  description: `Why, told to each mailbox's owner: required, at most ${REJECTION_REASON_MAX} characters.`,
});
