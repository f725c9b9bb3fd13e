import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { EMAIL_STATUS, TEST_STATUS, type EmailStatus } from "@/lib/policy/catalog";
import {
  decideRunTestAndEnable,
  evaluateTestAndEnable,
  selfApprovalFor,
  SUCCESS_ALERT,
  type TestOutcome,
} from "@/lib/policy/test-and-enable";
import { alertWriter } from "./alerts";
import { notifyTestFailures } from "../notifications/owner-notices";
import { appendAuditEvents, type AuditInput } from "../audit/log";
import { distinctById, notFoundRow, visibleRow } from "./visibility";
import type { ActionContext } from "../result";
import { readEmailSettings } from "../settings/email-settings";
import { loadTestRows, type TestRow } from "./test-and-enable-facts";

/** A row of a bulk command's result, as the dialog lists it. */
export type CommandOutcome = {
  id: number;
  name: string;
  outcome: "succeeded" | "failed" | "not-run" | "changed" | "unchanged" | "refused";
  code: string | null;
  reason: string | null;
  message: string;
  alerts: string[];
};

/** Mailboxes per transaction: big enough to be quick, small enough that other requests are not kept waiting. */
export const BATCH_SIZE = 200;

const statusName = (s: number) => TEST_STATUS[s as keyof typeof TEST_STATUS] ?? String(s);

function outcomeOf(row: TestRow, result: TestOutcome): CommandOutcome {
  const codes = result.alerts.filter((a) => a.code !== SUCCESS_ALERT).map((a) => a.code);
  const approved = result.selfApproves ? " Approved by self-approval." : "";
  const base = { id: row.id, name: row.name, code: null, reason: null, alerts: codes };
  if (result.mailboxStatus === 1) return { ...base, outcome: "succeeded", message: `Tested and enabled.${approved}` };
  if (result.mailboxStatus === 0)
    return {
      ...base,
      outcome: "not-run",
      message: "Nothing to test: no direction syncs through server-side synchronization.",
    };
  const firstError = result.alerts.find((a) => a.level === "error");
  return { ...base, outcome: "failed", message: `${firstError?.text ?? "Test & Enable failed."}${approved}` };
}

/**
 * Test & Enable for some mailboxes of one environment, inside the CALLER's immediate transaction
 * (the grid, Apply Default Email Settings and the background job each open their own). Each row
 * is decided by the policy; writes go through prepared statements and the audit events are
 * appended in one batch.
 */
export function testAndEnableInTransaction(
  db: Db,
  actor: Actor,
  environmentId: number,
  ids: readonly number[],
  ctx: ActionContext,
): CommandOutcome[] {
  const rows = loadTestRows(db, environmentId, ids);
  const settings = readEmailSettings(db, environmentId);
  const writeAlerts = alertWriter(db);
  const saveResult = db.$client.prepare(
    `update mailboxes set incoming_status = ?, outgoing_status = ?, act_status = ?, mailbox_status = ?,
       is_incoming_enabled = ?, is_outgoing_enabled = ?, is_act_enabled = ?,
       test_completed_on = ?, test_last_attempted_by_id = ?, test_last_attempted_on = ? where id = ?`,
  );
  // Self-approval changes what people approved, so it moves the version; test results do not.
  const selfApprove = db.$client.prepare(
    `update mailboxes set email_status = 1, approved_by_id = ?, approved_by_name = ?, approved_on = ?, is_approved_by_tenant_admin = 0,
       pending_since = null, rejection_reason = null, version = version + 1 where id = ?`,
  );
  const at = ctx.now.getTime();
  const events: AuditInput[] = [];
  const failures: { mailboxId: number; alertText: string }[] = [];
  const outcomes = distinctById(ids.map((id) => ({ id }))).map(({ id }): CommandOutcome => {
    const row = visibleRow(actor, rows.get(id), ctx.now);
    if (!row) return { ...notFoundRow(id), alerts: [] };
    const decision = decideRunTestAndEnable(actor, row, ctx.now);
    if (!decision.allowed)
      return {
        id,
        name: row.name,
        outcome: "refused",
        code: decision.code,
        reason: decision.reason,
        message: decision.message,
        alerts: [],
      };

    const result = evaluateTestAndEnable(row, settings, selfApprovalFor(actor, row, settings, ctx.now));
    const { incoming, outgoing, act } = result.statuses;
    saveResult.run(
      incoming,
      outgoing,
      act,
      result.mailboxStatus,
      +(incoming === 1),
      +(outgoing === 1),
      +(act === 1),
      at,
      actor.id,
      at,
      row.id,
    );
    writeAlerts(row.id, result.alerts, ctx.now);
    // The owner hears when it starts failing, not again on every run that finds it still failing.
    if (result.mailboxStatus === 2 && row.previous.mailbox !== 2)
      failures.push({
        mailboxId: row.id,
        alertText: result.alerts.find((a) => a.level === "error")?.text ?? "Test & Enable failed.",
      });
    const target = { type: "mailbox", id: row.id, label: `${row.name} <${row.emailAddress}>` };
    const common = { actor: { id: actor.id, upn: actor.upn }, environmentId, target, origin: ctx.origin, at: ctx.now };
    if (result.selfApproves) {
      selfApprove.run(actor.id, actor.displayName, at, row.id);
      events.push({
        ...common,
        action: "MailboxApproved",
        before: { emailStatus: EMAIL_STATUS[row.emailStatus as EmailStatus] ?? String(row.emailStatus) },
        after: { emailStatus: "Approved", approvedBy: actor.displayName, via: "Self-approval (Test & Enable)" },
      });
    }
    events.push({
      ...common,
      action: "MailboxTested",
      before: {
        incoming: statusName(row.previous.incoming),
        outgoing: statusName(row.previous.outgoing),
        act: statusName(row.previous.act),
        mailboxStatus: statusName(row.previous.mailbox),
      },
      after: {
        incoming: statusName(incoming),
        outgoing: statusName(outgoing),
        act: statusName(act),
        mailboxStatus: statusName(result.mailboxStatus),
        alerts: result.alerts.map((a) => a.code),
      },
    });
    return outcomeOf(row, result);
  });
  appendAuditEvents(db, events);
  notifyTestFailures(db, failures, { actor, now: ctx.now });
  return outcomes;
}

/** Test & Enable on a selection, one immediate transaction per batch so a large run never holds the database for long. */
export function testAndEnableMailboxes(
  db: Db,
  actor: Actor,
  input: { environmentId: number; ids: readonly number[] },
  ctx: ActionContext,
): CommandOutcome[] {
  const outcomes: CommandOutcome[] = [];
  for (let i = 0; i < input.ids.length; i += BATCH_SIZE) {
    const batch = input.ids.slice(i, i + BATCH_SIZE);
    outcomes.push(
      ...db.transaction(() => testAndEnableInTransaction(db, actor, input.environmentId, batch, ctx), {
        behavior: "immediate",
      }),
    );
  }
  return outcomes;
}
