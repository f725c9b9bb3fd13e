import "server-only";
import { inJsonIds, unindexed } from "@/db/sql";
import { prepare } from "@/db/query";
import { and, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { approvalDecider, type ApprovalPath, type MailboxFacts } from "@/lib/policy/approval";
import type { EmailStatus } from "@/lib/policy/catalog";
import { TARGET_STATUS, type ApprovalOperation } from "./approval-writer";
import { distinctById, rowViewer } from "./visibility";
import { notFoundRow, refusedRow, staleVersion, type RowOutcome } from "../result";
import { preparedOnce } from "../prepared";
import { readEmailSettings } from "../settings/email-settings";

/**
 * Deciding an Approve / Reject selection without writing: its rows read in one statement, each
 * decided on visibility, staleness and the policy. The pre-check, the immediate run, the start of a
 * background run and each of its batches all decide through here.
 */

/** A selected row; `version` is what the approver saw (null when chosen by "select all matching"). */
export type ApprovalItem = { id: number; version: number | null };
export type ApprovalInput = {
  environmentId: number;
  items: ApprovalItem[];
  operation: ApprovalOperation;
  /** A rejection's reason (DOMAIN §11: required), stored on each mailbox and told to its owner. */
  reason?: string | null;
};
export type { RowOutcome };

type MailboxRow = MailboxFacts & { id: number; name: string; emailStatus: EmailStatus; version: number };

/**
 * The rows by id in one statement: the ids travel as one JSON parameter (no bound-parameter limit,
 * no statement built per chunk), and "+environment_id" keeps SQLite on primary-key lookups for
 * them instead of walking the environment's whole index.
 */
async function loadRows(db: Db, environmentId: number, ids: number[]): Promise<Map<number, MailboxRow>> {
  const found = await preparedOnce(db, prepareLoadRows).all({ environmentId, ids: JSON.stringify(ids) });
  return new Map(found.map((row) => [row.id, row]));
}

/** The environment's rows among the ids bound to `ids` (one JSON array), looked up by primary key ("+"). */
const isSelectedRow = and(
  sql`${unindexed(mailboxes.environmentId)} = ${sql.placeholder("environmentId")}`,
  inJsonIds(mailboxes.id, sql.placeholder("ids")),
);

function prepareLoadRows(db: Db) {
  return prepare(
    db
      .select({
        id: mailboxes.id,
        name: mailboxes.name,
        environmentId: mailboxes.environmentId,
        regardingType: mailboxes.regardingType,
        regardingUserId: mailboxes.regardingUserId,
        emailAddress: mailboxes.emailAddress,
        emailStatus: mailboxes.emailStatus,
        version: mailboxes.version,
      })
      .from(mailboxes)
      .where(isSelectedRow),
  );
}

/**
 * Fills in the version of rows picked by "select all matching" as they are now, so a run that
 * goes on in the background applies only to rows as they were when the approver pressed OK.
 */
export async function pinVersions(db: Db, environmentId: number, items: ApprovalItem[]): Promise<ApprovalItem[]> {
  if (items.every((i) => i.version !== null)) return items;
  const versions = await loadVersions(
    db,
    environmentId,
    items.filter((i) => i.version === null).map((i) => i.id),
  );
  return items.map((i) => (i.version === null ? { id: i.id, version: versions.get(i.id) ?? null } : i));
}

/** Only the rows' versions (what pinning needs): two columns read, where loadRows maps eight. */
async function loadVersions(db: Db, environmentId: number, ids: number[]): Promise<Map<number, number>> {
  const found = await preparedOnce(db, prepareLoadVersions).all({ environmentId, ids: JSON.stringify(ids) });
  return new Map(found.map((row) => [row.id, row.version]));
}

function prepareLoadVersions(db: Db) {
  return prepare(db.select({ id: mailboxes.id, version: mailboxes.version }).from(mailboxes).where(isSelectedRow));
}

export type Decided = RowOutcome & {
  row: MailboxRow | null;
  isTenantAdminPath: boolean;
  isDelegatePath?: boolean;
  /** The rule that allowed a change (null when refused or unchanged): recorded in its audit event. */
  allowedBy?: ApprovalPath | null;
};

/**
 * The decision for any one item of the selection, its rows read in one statement: visibility,
 * staleness, then the policy. The actor's rights are worked out once for all rows.
 */
async function selectionDecider(db: Db, actor: Actor, input: ApprovalInput, now: Date) {
  const rows = await loadRows(
    db,
    input.environmentId,
    input.items.map((i) => i.id),
  );
  const visible = rowViewer(actor, input.environmentId, now);
  const decide = approvalDecider(
    actor,
    input.environmentId,
    await readEmailSettings(db, input.environmentId),
    input.operation,
    now,
  );
  const target = TARGET_STATUS[input.operation];
  const already = input.operation === "approve" ? "Already approved." : "Already rejected.";
  const done = input.operation === "approve" ? "Approved." : "Rejected.";
  // Each outcome is written out field by field: spreading an object into the next (`{ ...base, … }`)
  // cost 5 µs a row here, over half of deciding 10,000 rows (bench/README.md, "Session 16").
  const decideItem = (item: ApprovalItem): Decided => {
    // Visibility before anything else: a hidden row is answered like a missing one, whatever its version.
    const row = visible(rows.get(item.id));
    if (!row) return { ...notFoundRow(item.id), row: null, isTenantAdminPath: false };
    // A row changed since it was seen is refused, unless it already is as the approver wanted it:
    // losing a race to the same decision is "already approved" (DOMAIN §5), not a conflict.
    const isStale = item.version !== null && item.version !== row.version;
    if (isStale && row.emailStatus !== target)
      return { ...refusedRow(row, staleVersion("mailbox")), row, isTenantAdminPath: false };
    const decision = decide(row);
    if (!decision.allowed) return { ...refusedRow(row, decision), row, isTenantAdminPath: false };
    const isTenantAdminPath = decision.allowedBy !== "self-approval";
    if (row.emailStatus === target)
      return {
        id: row.id,
        name: row.name,
        row,
        outcome: "unchanged",
        code: null,
        reason: null,
        message: already,
        isTenantAdminPath,
      };
    return {
      id: row.id,
      name: row.name,
      row,
      outcome: "changed",
      code: null,
      reason: null,
      message: done,
      isTenantAdminPath,
      isDelegatePath: decision.allowedBy === "delegated-approver",
      allowedBy: decision.allowedBy,
    };
  };
  return decideItem;
}

/** Decides every row without writing: the dialog's pre-check and the first half of a run. */
export async function decideRows(db: Db, actor: Actor, input: ApprovalInput, now: Date): Promise<Decided[]> {
  const items = distinctById(input.items);
  return items.map(await selectionDecider(db, actor, { ...input, items }, now));
}

/**
 * Before a background run: every row's version fixed as it is now (for rows chosen by "select all
 * matching"), or, when the actor could change no row at all, the first row's refusal. Stops
 * deciding at the first row that could change: the job decides each row again anyway.
 */
export async function pinBackgroundRun(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  now: Date,
): Promise<{ items: ApprovalItem[]; noneAllowed: RowOutcome | null }> {
  const items = await pinVersions(db, input.environmentId, input.items);
  // Decided a slice at a time: the first slice nearly always holds a row the actor may change, so
  // the request that starts a 10,000-row run reads 100 whole rows, not all of them (on the bench's
  // database it answered in 136 ms instead of 159–171 ms; the rest is mostly reading the rows'
  // pages into SQLite's cache, which the job's batches then find there).
  for (let at = 0; at < input.items.length; at += DECIDE_SLICE) {
    const slice = input.items.slice(at, at + DECIDE_SLICE);
    const decideItem = await selectionDecider(db, actor, { ...input, items: slice }, now);
    if (slice.some((item) => decideItem(item).outcome !== "refused")) return { items, noneAllowed: null };
  }
  const first = input.items[0];
  if (!first) return { items, noneAllowed: null };
  return {
    items,
    noneAllowed: publicOutcome((await selectionDecider(db, actor, { ...input, items: [first] }, now))(first)),
  };
}

const DECIDE_SLICE = 100;

/** A decided row as the dialog and the job page show it. */
export const publicOutcome = (o: Decided): RowOutcome => ({
  id: o.id,
  name: o.name,
  outcome: o.outcome,
  code: o.code,
  reason: o.reason,
  message: o.message,
});
