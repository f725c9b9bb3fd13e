import "server-only";
import { flag, inJsonPairs, instant } from "@/db/sql";
import { prepare } from "@/db/query";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import type { ApprovalPath } from "@/lib/policy/approval";
import { EMAIL_STATUS, EmailStatus } from "@/lib/policy/catalog";
import { appendAuditEvents, type AuditInput } from "../audit/log";
import { rejectionReasonProblem } from "@/lib/policy/notifications";
import { APPROVED_WITH_DMA } from "../delegation/delegation-sql";
import { notifyApprovalDecisions } from "../notifications/owner-notices";
import type { ActionContext } from "../result";
import { param, preparedOnce } from "../prepared";

/**
 * The one writer of a mailbox's approval (DOMAIN §5): "approved" or "rejected", with its audit
 * event. Every path that changes the status comes here once the policy has allowed the rows: the
 * grid's immediate run, the background job's batches, and Test & Enable's self-approval. It writes
 * inside the caller's immediate transaction, so the change commits with everything else it did.
 */

export type ApprovalOperation = "approve" | "reject";

export const TARGET_STATUS: Record<ApprovalOperation, EmailStatus> = {
  approve: EmailStatus.Approved,
  reject: EmailStatus.Rejected,
};

/** A mailbox as the caller read it in this transaction, allowed by the policy and not yet as wanted. */
export type ApprovalTarget = {
  id: number;
  version: number;
  name: string;
  emailAddress: string;
  emailStatus: EmailStatus;
  /** Allowed as a tenant admin or Delegated Mailbox Approver, not by self-approval: PPAC's isemailaddressapprovedbyo365admin. */
  isByTenantAdmin: boolean;
  /** Allowed as a Delegated Mailbox Approver (and not as a tenant admin): the delegations list counts these. */
  isByDelegate?: boolean;
  /** The rule of DOMAIN §3 that allowed it (the policy's Decision.allowedBy): recorded in the event. */
  allowedBy: ApprovalPath;
};

export type ApprovalMark = {
  operation: ApprovalOperation;
  actor: Actor;
  environmentId: number;
  rows: readonly ApprovalTarget[];
  /** How it was approved, when not through the Approve command (e.g. Test & Enable's self-approval). */
  via?: string;
  /** A rejection's reason (DOMAIN §11: required), the same for every row: stored, audited, told to each owner. */
  reason?: string | null;
};

// The rows travel as one JSON array of [id, version]: one statement for a whole batch, whatever its
// size, and the version is checked again in the UPDATE itself.
const isOneOfRows = inJsonPairs(mailboxes.id, mailboxes.version, sql.placeholder("rows"));

function prepareApprove(db: Db) {
  return prepare(
    db
      .update(mailboxes)
      .set({
        emailStatus: EmailStatus.Approved,
        approvedById: param("actorId"),
        approvedByName: param("actorName"),
        approvedOn: param("at"),
        isApprovedByTenantAdmin: param("isTenantAdmin"),
        // Decided: no longer pending, and no rejection to explain.
        pendingSince: null,
        rejectionReason: null,
        version: sql`${mailboxes.version} + 1`,
      })
      .where(isOneOfRows),
  );
}

function prepareReject(db: Db) {
  return prepare(
    db
      .update(mailboxes)
      .set({
        emailStatus: EmailStatus.Rejected,
        approvedById: null,
        approvedByName: null,
        approvedOn: null,
        isApprovedByTenantAdmin: false,
        pendingSince: null,
        rejectionReason: param("reason"),
        version: sql`${mailboxes.version} + 1`,
      })
      .where(isOneOfRows),
  );
}

/**
 * Marks the rows approved or rejected in one set-based UPDATE per tenant-admin flag (at most two),
 * and appends one event per row. A row whose version moved since the caller read it means the
 * caller's transaction was not what it claimed to be: it throws, and the whole transaction rolls back.
 */
export async function markApproval(db: Db, mark: ApprovalMark, ctx: ActionContext): Promise<void> {
  if (mark.rows.length === 0) return;
  const { actor, operation } = mark;
  // Callers refuse a missing reason as bad input before they get here (runApproval, the job's plan).
  if (operation === "reject" && rejectionReasonProblem(mark.reason)) throw new Error("a rejection needs a reason");
  const reason = operation === "reject" ? mark.reason!.trim() : null;
  const pairs = (rows: readonly ApprovalTarget[]) => JSON.stringify(rows.map((r) => [r.id, r.version]));
  let changed = 0;
  if (operation === "approve") {
    const approve = preparedOnce(db, prepareApprove);
    for (const isTenantAdmin of [true, false]) {
      const rows = mark.rows.filter((r) => r.isByTenantAdmin === isTenantAdmin);
      if (rows.length === 0) continue;
      changed += (
        await approve.run({
          actorId: actor.id,
          actorName: actor.displayName,
          at: instant(ctx.now),
          isTenantAdmin: flag(isTenantAdmin),
          rows: pairs(rows),
        })
      ).changes;
    }
  } else {
    changed = (await preparedOnce(db, prepareReject).run({ rows: pairs(mark.rows), reason })).changes;
  }
  if (changed !== mark.rows.length)
    throw new Error(`${mark.rows.length - changed} mailboxes changed inside the approval transaction`);
  await appendAuditEvents(
    db,
    mark.rows.map((row) => approvalEvent(mark, row, reason, ctx)),
  );
  // Each mailbox's owner hears of it (with the reason), in this same transaction.
  await notifyApprovalDecisions(
    db,
    { operation, mailboxIds: mark.rows.map((r) => r.id), reason },
    { actor, now: ctx.now },
  );
}

/** The event every path records for one mailbox: the same action, target, before and after. */
function approvalEvent(mark: ApprovalMark, row: ApprovalTarget, reason: string | null, ctx: ActionContext): AuditInput {
  const { actor, operation } = mark;
  return {
    action: operation === "approve" ? "MailboxApproved" : "MailboxRejected",
    actor: { id: actor.id, upn: actor.upn },
    environmentId: mark.environmentId,
    target: { type: "mailbox", id: row.id, label: `${row.name} <${row.emailAddress}>` },
    before: { emailStatus: EMAIL_STATUS[row.emailStatus] ?? String(row.emailStatus) },
    after: {
      emailStatus: EMAIL_STATUS[TARGET_STATUS[operation]],
      ...(operation === "approve" ? { approvedBy: actor.displayName } : {}),
      allowedBy: row.allowedBy,
      ...(mark.via ? { via: mark.via } : {}),
      // Read back by the delegations list (last approval made with the role, approvals in 90 days).
      ...(operation === "approve" && row.isByDelegate ? { approvedWith: APPROVED_WITH_DMA } : {}),
      ...(reason !== null ? { rejectionReason: reason } : {}),
    },
    reason,
    origin: ctx.origin,
    at: ctx.now,
  };
}
