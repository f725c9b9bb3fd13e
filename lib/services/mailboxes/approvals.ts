import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { decideApproval, type MailboxFacts } from "@/lib/policy/approval";
import { EMAIL_STATUS, type EmailStatus } from "@/lib/policy/catalog";
import { appendAuditEvents, type AuditInput } from "../audit/log";
import { readEmailSettings } from "../settings/email-settings";
import { APPROVED_WITH_DMA } from "../delegation/delegation-sql";
import { notifyApprovalDecisions } from "../notifications/owner-notices";
import { distinctById, notFoundRow, visibleRow } from "./visibility";
import { rejectionReasonProblem } from "@/lib/policy/notifications";
import type { ActionContext } from "../result";

export type ApprovalOperation = "approve" | "reject";
/** A selected row; `version` is what the approver saw (null when chosen by "select all matching"). */
export type ApprovalItem = { id: number; version: number | null };
export type ApprovalInput = {
  environmentId: number;
  items: ApprovalItem[];
  operation: ApprovalOperation;
  /** A rejection's reason (DOMAIN §11: required), stored on each mailbox and told to its owner. */
  reason?: string | null;
};
export type RowOutcome = {
  id: number;
  name: string;
  outcome: "changed" | "unchanged" | "refused";
  code: string | null;
  reason: string | null;
  message: string;
};

type MailboxRow = MailboxFacts & { id: number; name: string; emailStatus: number; version: number };

/** From this many rows a run goes to the background (lib/services/mailboxes/approval-job.ts); smaller runs answer at once. */
export const BACKGROUND_FROM = 1000;

const TARGET_STATUS: Record<ApprovalOperation, number> = { approve: 1, reject: 3 };
/**
 * The rows by id in one statement: the ids travel as one JSON parameter (no bound-parameter limit,
 * no statement built per chunk), and "+environment_id" keeps SQLite on primary-key lookups for
 * them instead of walking the environment's whole index.
 */
function loadRows(db: Db, environmentId: number, ids: number[]): Map<number, MailboxRow> {
  const found = db.$client
    .prepare(
      `select id, name, environment_id as environmentId, regarding_type as regardingType, regarding_user_id as regardingUserId,
              email_address as emailAddress, email_status as emailStatus, version
       from mailboxes where +environment_id = ? and id in (select value from json_each(?))`,
    )
    .all(environmentId, JSON.stringify(ids)) as MailboxRow[];
  return new Map(found.map((row) => [row.id, row]));
}

/**
 * Fills in the version of rows picked by "select all matching" as they are now, so a run that
 * goes on in the background applies only to rows as they were when the approver pressed OK.
 */
export function pinVersions(db: Db, environmentId: number, items: ApprovalItem[]): ApprovalItem[] {
  const rows = loadRows(
    db,
    environmentId,
    items.filter((i) => i.version === null).map((i) => i.id),
  );
  return items.map((i) => (i.version === null ? { id: i.id, version: rows.get(i.id)?.version ?? null } : i));
}

/** Decides every row without writing: the dialog's pre-check and the first half of a run. */
export function decideRows(db: Db, actor: Actor, input: ApprovalInput, now: Date) {
  const items = distinctById(input.items);
  const rows = loadRows(
    db,
    input.environmentId,
    items.map((i) => i.id),
  );
  const settings = readEmailSettings(db, input.environmentId);
  const already = input.operation === "approve" ? "Already approved." : "Already rejected.";
  type Decided = RowOutcome & { row: MailboxRow | null; isTenantAdminPath: boolean; isDelegatePath?: boolean };
  return items.map((item): Decided => {
    // Visibility before anything else: a hidden row is answered like a missing one, whatever its version.
    const row = visibleRow(actor, rows.get(item.id), now);
    if (!row) return { ...notFoundRow(item.id), row: null, isTenantAdminPath: false };
    const base = { id: row.id, name: row.name, row };
    // A row changed since it was seen is refused, unless it already is as the approver wanted it:
    // losing a race to the same decision is "already approved" (DOMAIN §5), not a conflict.
    const isStale = item.version !== null && item.version !== row.version;
    if (isStale && row.emailStatus !== TARGET_STATUS[input.operation]) {
      return {
        ...base,
        outcome: "refused",
        code: "0x80060882",
        reason: "STALE_VERSION",
        message: "This mailbox changed since you loaded it. Reload and try again.",
        isTenantAdminPath: false,
      };
    }
    const decision = decideApproval(actor, row, settings, input.operation, now);
    if (!decision.allowed)
      return {
        ...base,
        outcome: "refused",
        code: decision.code,
        reason: decision.reason,
        message: decision.message,
        isTenantAdminPath: false,
      };
    const isTenantAdminPath =
      !decision.canSelfApprove ||
      decision.paths["tenant-admin"].every((c) => c.held) ||
      decision.paths["delegated-approver"].every((c) => c.held);
    if (row.emailStatus === TARGET_STATUS[input.operation])
      return { ...base, outcome: "unchanged", code: null, reason: null, message: already, isTenantAdminPath };
    return {
      ...base,
      isDelegatePath: decision.allowedBy === "delegated-approver",
      outcome: "changed",
      code: null,
      reason: null,
      message: input.operation === "approve" ? "Approved." : "Rejected.",
      isTenantAdminPath,
    };
  });
}

export type PreCheck = {
  willChange: number;
  unchanged: number;
  refused: { reason: string; message: string; count: number }[];
  isBackground: boolean;
};

export function precheckApproval(db: Db, actor: Actor, input: ApprovalInput, now: Date): PreCheck {
  const outcomes = decideRows(db, actor, input, now);
  const refused = new Map<string, { reason: string; message: string; count: number }>();
  for (const o of outcomes.filter((x) => x.outcome === "refused")) {
    const key = o.reason ?? "REFUSED";
    const entry = refused.get(key) ?? { reason: key, message: o.message, count: 0 };
    entry.count++;
    refused.set(key, entry);
  }
  return {
    willChange: outcomes.filter((o) => o.outcome === "changed").length,
    unchanged: outcomes.filter((o) => o.outcome === "unchanged").length,
    refused: [...refused.values()],
    isBackground: input.items.length >= BACKGROUND_FROM,
  };
}

/**
 * Approves or rejects the selected mailboxes in ONE transaction: each row decided by the policy,
 * changed rows updated with a prepared statement (version-checked, so a concurrent change is
 * never overwritten) and one audit event each, appended in a batch.
 */
export function setApproval(db: Db, actor: Actor, input: ApprovalInput, ctx: ActionContext): RowOutcome[] {
  return db.transaction(() => applyApprovalInTransaction(db, actor, input, ctx), { behavior: "immediate" });
}

/** setApproval's work inside the caller's transaction: a background job runs it batch by batch. */
export function applyApprovalInTransaction(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  ctx: ActionContext,
): RowOutcome[] {
  const reason = input.operation === "reject" ? (input.reason ?? "").trim() : null;
  // Callers refuse a missing reason as bad input before they get here (runApproval).
  if (input.operation === "reject" && rejectionReasonProblem(reason)) throw new Error("a rejection needs a reason");
  const outcomes = decideRows(db, actor, input, ctx.now);
  const approve = db.$client.prepare(
    `update mailboxes set email_status = 1, approved_by_id = ?, approved_by_name = ?, approved_on = ?, is_approved_by_tenant_admin = ?,
       pending_since = null, rejection_reason = null, version = version + 1
     where id = ? and version = ?`,
  );
  const reject = db.$client.prepare(
    `update mailboxes set email_status = 3, approved_by_id = null, approved_by_name = null, approved_on = null, is_approved_by_tenant_admin = 0,
       pending_since = null, rejection_reason = ?, version = version + 1
     where id = ? and version = ?`,
  );
  const events: AuditInput[] = [];
  for (const o of outcomes) {
    if (o.outcome !== "changed" || !o.row) continue;
    const { changes } =
      input.operation === "approve"
        ? approve.run(
            actor.id,
            actor.displayName,
            ctx.now.getTime(),
            o.isTenantAdminPath ? 1 : 0,
            o.row.id,
            o.row.version,
          )
        : reject.run(reason, o.row.id, o.row.version);
    if (changes !== 1) throw new Error(`mailbox ${o.row.id} changed inside the approval transaction`);
    events.push({
      action: input.operation === "approve" ? "MailboxApproved" : "MailboxRejected",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "mailbox", id: o.row.id, label: `${o.row.name} <${o.row.emailAddress}>` },
      before: { emailStatus: statusName(o.row.emailStatus) },
      after: {
        emailStatus: statusName(TARGET_STATUS[input.operation]),
        ...(input.operation === "approve" ? { approvedBy: actor.displayName } : {}),
        // Read back by the delegations list (last approval made with the role, approvals in 90 days).
        ...(input.operation === "approve" && o.isDelegatePath ? { approvedWith: APPROVED_WITH_DMA } : {}),
        ...(reason !== null ? { rejectionReason: reason } : {}),
      },
      reason,
      origin: ctx.origin,
      at: ctx.now,
    });
  }
  appendAuditEvents(db, events);
  notifyApprovalDecisions(
    db,
    { operation: input.operation, mailboxIds: events.map((e) => Number(e.target!.id)), reason },
    { actor, now: ctx.now },
  );
  return outcomes.map((o) => ({
    id: o.id,
    name: o.name,
    outcome: o.outcome,
    code: o.code,
    reason: o.reason,
    message: o.message,
  }));
}

function statusName(status: number): string {
  return EMAIL_STATUS[status as EmailStatus] ?? String(status);
}
