import "server-only";
import { prepare } from "@/db/query";
import { desc } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { locationOf, type Db, type Tx } from "@/db/client";
import { afterCommit } from "@/db/transaction";
import { noteAuditAppended } from "./anchor";
import { DIALECT } from "@/db/dialect";
import type { PgTx } from "@/db/pg/client";
import { appendAuditEventsPg } from "./append-postgres";
import { START } from "./chain";
import { chainKey } from "./keys";
import { AUDIT_COLUMNS, chainedRows, type AuditInput } from "./rows";
import { preparedOnce } from "../prepared";
import { insertMany, insertSpec } from "../insert-many";
import { instant } from "@/db/sql";

export { NO_ORIGIN, chainedRows, type AuditInput, type AuditRow, type RequestOrigin } from "./rows";
export { canonicalEvent, chainHash, GENESIS_HASH } from "./chain";

/**
 * Appends one event inside the caller's transaction, so the change and its event commit or roll
 * back together. Callers open the transaction with behavior "immediate", which serializes writers
 * and keeps the chain free of forks and gaps.
 */
export async function appendAuditEvent(tx: Tx | Db, input: AuditInput): Promise<number> {
  return await appendAuditEvents(tx, [input]);
}

/**
 * A batch's events go in multi-row INSERTs (../insert-many.ts): a 10,000-row approval pays 100
 * statements instead of 10,000. The insert trigger still checks every row against the head.
 */
const INSERT_EVENTS = insertSpec(auditEvents, AUDIT_COLUMNS);

function prepareAppend(tx: Tx | Db) {
  return {
    head: prepare(
      tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.seq))
        .limit(1),
    ),
    // The database file, for the checkpoint it arms after commit (none for an in-memory database).
    file: locationOf(tx),
  };
}

/** On the app's connection, prepared once and kept (a bulk job appends in every batch); a transaction handle prepares its own. */
const appendStatements = (tx: Tx | Db) => preparedOnce(tx, prepareAppend);

/**
 * Appends many events in order inside the caller's transaction, reading the chain's head once
 * (the insert trigger refuses any row that does not continue it):
 * bulk changes (10,000 approvals) stay one transaction without a query per event for the head.
 * Returns the last sequence number written.
 */
export async function appendAuditEvents(tx: Tx | Db, inputs: AuditInput[]): Promise<number> {
  // Several app servers append at once on PostgreSQL: its append queues them on the chain's head.
  if (DIALECT === "postgresql") {
    const seq = await appendAuditEventsPg(tx as unknown as PgTx, inputs);
    if (inputs.length) {
      const location = locationOf(tx);
      afterCommit(() => noteAuditAppended(location, inputs.length));
    }
    return seq;
  }
  if (inputs.length === 0) return (await appendStatements(tx).head.get())?.seq ?? 0;
  const { head, file } = appendStatements(tx);
  const rows = chainedRows(inputs, (await head.get()) ?? START, chainKey());
  const values: unknown[] = [];
  // As the column's encoder would store it: the instant in epoch milliseconds.
  for (const row of rows)
    for (const column of AUDIT_COLUMNS) values.push(column === "at" ? instant(row.at) : row[column]);
  await insertMany(tx, INSERT_EVENTS, values);
  // Counted once the caller's transaction commits, so the checkpoint it arms reads these events.
  if (file) afterCommit(() => noteAuditAppended(file, inputs.length));
  return rows.at(-1)!.seq;
}

/** Keeps only the fields that changed, for an event's before/after. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
