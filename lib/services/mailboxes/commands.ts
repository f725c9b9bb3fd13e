/**
 * The grid's bulk commands on mailboxes (Edit sync methods, Activate / Deactivate, Apply default
 * email settings), each per row through the same runner: visibility, staleness, the policy, a
 * version-bumped write and one audit event, in batches. Over 200 lines because the three share that
 * runner and its row outcomes.
 */
import "server-only";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { ACT_METHOD, INCOMING_METHOD, OUTGOING_METHOD, TestStatus } from "@/lib/policy/catalog";
import { defaultSyncMethods } from "@/lib/policy/email-settings";
import { decideRunTestAndEnable, type SyncMethods } from "@/lib/policy/test-and-enable";
import { appendAuditEvents, changedFields, type AuditInput } from "../audit/log";
import { distinctById, visibleRow } from "./visibility";
import { notFoundRow, refusedRow, staleVersion, type ActionContext } from "../result";
import { param } from "../prepared";
import { readEmailSettings } from "../settings/email-settings";
import { BATCH_SIZE, testAndEnableInTransaction, type CommandOutcome } from "./test-and-enable";
import { loadTestRows, type TestRow } from "./test-and-enable-facts";
import { mapInOrder } from "@/lib/in-order";

/** A selected row; `version` is what the admin saw (null when chosen by "select all matching"). */
export type CommandItem = { id: number; version: number | null };
type Input = { environmentId: number; items: readonly CommandItem[] };

const methodNames = (m: SyncMethods) => ({
  incoming: INCOMING_METHOD[m.incoming] ?? String(m.incoming),
  outgoing: OUTGOING_METHOD[m.outgoing] ?? String(m.outgoing),
  act: ACT_METHOD[m.act] ?? String(m.act),
});

/**
 * Decides each selected row (exists here, unchanged since it was seen, the actor may write it)
 * and hands the allowed ones to `change`, batch by batch, each batch in one immediate transaction.
 */
async function runCommand(
  db: Db,
  actor: Actor,
  input: Input,
  ctx: ActionContext,
  change: (rows: TestRow[], events: AuditInput[]) => Promise<CommandOutcome[]>,
): Promise<CommandOutcome[]> {
  const outcomes: CommandOutcome[] = [];
  const items = distinctById(input.items);
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    const batch = items.slice(i, i + BATCH_SIZE);
    const done = await withTransaction(db, async () => {
      const rows = await loadTestRows(
        db,
        input.environmentId,
        batch.map((b) => b.id),
      );
      const refused = new Map<number, CommandOutcome>();
      const allowed: TestRow[] = [];
      for (const item of batch) {
        const row = visibleRow(actor, rows.get(item.id), ctx.now);
        if (!row) {
          refused.set(item.id, { ...notFoundRow(item.id), alerts: [] });
          continue;
        }
        const decision = decideRunTestAndEnable(actor, row, ctx.now);
        if (!decision.allowed) refused.set(item.id, { ...refusedRow(row, decision), alerts: [] });
        else if (item.version !== null && item.version !== row.version)
          refused.set(item.id, { ...refusedRow(row, staleVersion("mailbox")), alerts: [] });
        else allowed.push(row);
      }
      const events: AuditInput[] = [];
      const changed = new Map((await change(allowed, events)).map((o) => [o.id, o]));
      await appendAuditEvents(db, events);
      return batch.map((item) => refused.get(item.id) ?? changed.get(item.id)!);
    });
    outcomes.push(...done);
  }
  return outcomes;
}

const event = (
  actor: Actor,
  row: TestRow,
  ctx: ActionContext,
  action: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): AuditInput => ({
  action,
  actor: { id: actor.id, upn: actor.upn },
  environmentId: row.environmentId,
  target: { type: "mailbox", id: row.id, label: `${row.name} <${row.emailAddress}>` },
  before,
  after,
  origin: ctx.origin,
  at: ctx.now,
});

const unchanged = (row: TestRow, message: string): CommandOutcome => ({
  id: row.id,
  name: row.name,
  outcome: "unchanged",
  code: null,
  reason: null,
  message,
  alerts: [],
});
const changedRow = (row: TestRow, message: string): CommandOutcome => ({
  id: row.id,
  name: row.name,
  outcome: "changed",
  code: null,
  reason: null,
  message,
  alerts: [],
});

/**
 * Sets the sync methods of many mailboxes. A changed method sends every direction back to Not Run
 * and off, so nothing looks enabled that was never tested that way: Test & Enable turns them on.
 */
export async function setSyncMethods(
  db: Db,
  actor: Actor,
  input: Input & { methods: Partial<SyncMethods> },
  ctx: ActionContext,
): Promise<CommandOutcome[]> {
  const update = prepare(
    db
      .update(mailboxes)
      .set({
        incomingMethod: param("incoming"),
        outgoingMethod: param("outgoing"),
        actMethod: param("act"),
        incomingStatus: TestStatus.NotRun,
        outgoingStatus: TestStatus.NotRun,
        actStatus: TestStatus.NotRun,
        mailboxStatus: TestStatus.NotRun,
        isIncomingEnabled: false,
        isOutgoingEnabled: false,
        isActEnabled: false,
        version: sql`${mailboxes.version} + 1`,
      })
      .where(eq(mailboxes.id, sql.placeholder("id"))),
  );
  return await runCommand(db, actor, input, ctx, (rows, events) =>
    mapInOrder(rows, async (row) => {
      const next = { ...row.methods, ...input.methods };
      const diff = changedFields(methodNames(row.methods), methodNames(next));
      if (Object.keys(diff.after).length === 0) return unchanged(row, "The sync methods were already so.");
      await update.run({ ...next, id: row.id });
      events.push(event(actor, row, ctx, "MailboxSyncMethodsChanged", diff.before, diff.after));
      return changedRow(row, "Sync methods changed. Run Test & Enable to sync with them.");
    }),
  );
}

/** Activate or Deactivate: audited and version-bumped; an inactive mailbox syncs nothing. */
export async function setMailboxesActive(
  db: Db,
  actor: Actor,
  input: Input & { isActive: boolean },
  ctx: ActionContext,
): Promise<CommandOutcome[]> {
  const update = prepare(
    db
      .update(mailboxes)
      .set({ isActive: input.isActive, version: sql`${mailboxes.version} + 1` })
      .where(eq(mailboxes.id, sql.placeholder("id"))),
  );
  const word = input.isActive ? "Active" : "Inactive";
  return await runCommand(db, actor, input, ctx, (rows, events) =>
    mapInOrder(rows, async (row) => {
      if (row.isActive === input.isActive) return unchanged(row, `Already ${word.toLowerCase()}.`);
      await update.run({ id: row.id });
      events.push(
        event(
          actor,
          row,
          ctx,
          input.isActive ? "MailboxActivated" : "MailboxDeactivated",
          { state: row.isActive ? "Active" : "Inactive" },
          { state: word },
        ),
      );
      return changedRow(row, input.isActive ? "Activated." : "Deactivated.");
    }),
  );
}

/**
 * Apply Default Email Settings (DOMAIN §7): the environment's default profile and sync methods on
 * each mailbox (a queue's appointments, contacts and tasks: None, see defaultSyncMethods), then
 * Test & Enable on it — both in the same transaction per batch.
 */
export async function applyDefaultEmailSettings(
  db: Db,
  actor: Actor,
  input: Input,
  ctx: ActionContext,
): Promise<CommandOutcome[]> {
  const defaults = await readEmailSettings(db, input.environmentId);
  const profileId = defaults.defaultServerProfileId;
  const update = prepare(
    db
      .update(mailboxes)
      .set({
        serverProfileId: profileId,
        incomingMethod: param("incoming"),
        outgoingMethod: param("outgoing"),
        actMethod: param("act"),
        version: sql`${mailboxes.version} + 1`,
      })
      .where(eq(mailboxes.id, sql.placeholder("id"))),
  );
  const profileName = defaults.defaultProfileName;
  return await runCommand(db, actor, input, ctx, async (rows, events) => {
    for (const row of rows) {
      const methods = defaultSyncMethods(defaults, row.regardingType);
      const diff = changedFields(
        { serverProfile: row.profile?.name ?? null, ...methodNames(row.methods) },
        { serverProfile: profileName, ...methodNames(methods) },
      );
      if (Object.keys(diff.after).length === 0) continue;
      await update.run({ ...methods, id: row.id });
      events.push(event(actor, row, ctx, "MailboxDefaultsApplied", diff.before, diff.after));
    }
    // The settings' events go first, so the log reads in the order things happened.
    await appendAuditEvents(db, events.splice(0));
    return await testAndEnableInTransaction(
      db,
      actor,
      input.environmentId,
      rows.map((r) => r.id),
      ctx,
    );
  });
}
