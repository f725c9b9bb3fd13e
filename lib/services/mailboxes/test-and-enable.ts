import "server-only";
import { flag, instant } from "@/db/sql";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { TEST_STATUS, TestStatus } from "@/lib/policy/catalog";
import {
  decideRunTestAndEnable,
  evaluateTestAndEnable,
  selfApprovalFor,
  SUCCESS_ALERT,
  type TestOutcome,
} from "@/lib/policy/test-and-enable";
import { alertWriter } from "./alerts";
import { markApproval, type ApprovalTarget } from "./approval-writer";
import { notifyTestFailures } from "../notifications/owner-notices";
import { appendAuditEvents, type AuditInput } from "../audit/log";
import { recordRefusedAttempt } from "../audit/refused";
import { distinctById, visibleRow } from "./visibility";
import { notFoundRow, refusedRow, type ActionContext } from "../result";
import { param, preparedOnce } from "../prepared";
import { readEmailSettings } from "../settings/email-settings";
import { loadTestRows, type TestRow } from "./test-and-enable-facts";
import { mapInOrder } from "@/lib/in-order";

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

const statusName = (s: TestStatus) => TEST_STATUS[s] ?? String(s);
const SELF_APPROVAL_VIA = "Self-approval (Test & Enable)";

function outcomeOf(row: TestRow, result: TestOutcome): CommandOutcome {
  const codes = result.alerts.filter((a) => a.code !== SUCCESS_ALERT).map((a) => a.code);
  const approved = result.selfApproves ? " Approved by self-approval." : "";
  const base = { id: row.id, name: row.name, code: null, reason: null, alerts: codes };
  if (result.mailboxStatus === TestStatus.Success)
    return { ...base, outcome: "succeeded", message: `Tested and enabled.${approved}` };
  if (result.mailboxStatus === TestStatus.NotRun)
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
export async function testAndEnableInTransaction(
  db: Db,
  actor: Actor,
  environmentId: number,
  ids: readonly number[],
  ctx: ActionContext,
): Promise<CommandOutcome[]> {
  const rows = await loadTestRows(db, environmentId, ids);
  const settings = await readEmailSettings(db, environmentId);
  const writeAlerts = alertWriter(db);
  const saveResult = preparedOnce(db, prepareSaveResult);
  const at = instant(ctx.now);
  const events: AuditInput[] = [];
  const selfApproved: ApprovalTarget[] = [];
  const failures: { mailboxId: number; alertText: string }[] = [];
  const outcomes = await mapInOrder(
    distinctById(ids.map((id) => ({ id }))),
    async ({ id }): Promise<CommandOutcome> => {
      const row = visibleRow(actor, rows.get(id), ctx.now);
      if (!row) return { ...notFoundRow(id), alerts: [] };
      const decision = decideRunTestAndEnable(actor, row, ctx.now);
      if (!decision.allowed) return { ...refusedRow(row, decision), alerts: [] };

      const result = evaluateTestAndEnable(row, settings, selfApprovalFor(actor, row, settings, ctx.now));
      const { incoming, outgoing, act } = result.statuses;
      await saveResult.run({
        incoming,
        outgoing,
        act,
        mailbox: result.mailboxStatus,
        isIncomingEnabled: flag(incoming === TestStatus.Success),
        isOutgoingEnabled: flag(outgoing === TestStatus.Success),
        isActEnabled: flag(act === TestStatus.Success),
        at,
        actorId: actor.id,
        id: row.id,
      });
      await writeAlerts(row.id, result.alerts, ctx.now);
      // The owner hears when it starts failing, not again on every run that finds it still failing.
      if (result.mailboxStatus === TestStatus.Failure && row.previous.mailbox !== TestStatus.Failure)
        failures.push({
          mailboxId: row.id,
          alertText: result.alerts.find((a) => a.level === "error")?.text ?? "Test & Enable failed.",
        });
      const target = { type: "mailbox", id: row.id, label: `${row.name} <${row.emailAddress}>` };
      const common = {
        actor: { id: actor.id, upn: actor.upn },
        environmentId,
        target,
        origin: ctx.origin,
        at: ctx.now,
      };
      // Self-approval is never the tenant admins' approval, even when the owner is one.
      if (result.selfApproves) selfApproved.push({ ...row, isByTenantAdmin: false, allowedBy: "self-approval" });
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
    },
  );
  // The approvals' events go before the tests that relied on them.
  await markApproval(
    db,
    { operation: "approve", actor, environmentId, rows: selfApproved, via: SELF_APPROVAL_VIA },
    ctx,
  );
  await appendAuditEvents(db, events);
  await notifyTestFailures(db, failures, { actor, now: ctx.now });
  return outcomes;
}

/** A mailbox's test results; they move no version (self-approval does, through the approval writer). */
function prepareSaveResult(db: Db) {
  return prepare(
    db
      .update(mailboxes)
      .set({
        incomingStatus: param("incoming"),
        outgoingStatus: param("outgoing"),
        actStatus: param("act"),
        mailboxStatus: param("mailbox"),
        isIncomingEnabled: param("isIncomingEnabled"),
        isOutgoingEnabled: param("isOutgoingEnabled"),
        isActEnabled: param("isActEnabled"),
        testCompletedOn: param("at"),
        testLastAttemptedById: param("actorId"),
        testLastAttemptedOn: param("at"),
      })
      .where(eq(mailboxes.id, sql.placeholder("id"))),
  );
}

/** Test & Enable on a selection, one immediate transaction per batch so a large run never holds the database for long. */
export async function testAndEnableMailboxes(
  db: Db,
  actor: Actor,
  input: { environmentId: number; ids: readonly number[] },
  ctx: ActionContext,
): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  for (let i = 0; i < input.ids.length; i += BATCH_SIZE) {
    const batch = input.ids.slice(i, i + BATCH_SIZE);
    outcomes.push(
      ...(await withTransaction(db, () => testAndEnableInTransaction(db, actor, input.environmentId, batch, ctx))),
    );
  }
  const refused = outcomes.filter((o) => o.outcome === "refused");
  const one = refused.length === 1 && input.ids.length === 1 ? refused[0]! : null;
  await recordRefusedAttempt(
    db,
    {
      action: "TestAndEnableRefused",
      actor,
      environmentId: input.environmentId,
      target: one ? { type: "mailbox", id: one.id, label: one.name } : null,
      refusals: refused,
      attempted: { selected: input.ids.length },
    },
    ctx,
  );
  return outcomes;
}
