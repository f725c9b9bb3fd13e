import "server-only";
import { sql } from "drizzle-orm";
import type { PgTx } from "@/db/pg/client";
import { START, type ChainHead } from "./chain";
import { chainKey } from "./keys";
import { auditEvents } from "@/db/pg/schema";
import { AUDIT_COLUMNS, chainedRows, type AuditInput } from "./rows";
import { insertManyPg, insertSpec } from "../insert-many";

/**
 * appendAuditEvents for PostgreSQL (issue 19), inside the caller's transaction. SQLite has one
 * writer at a time; PostgreSQL lets transactions of several app servers run at once, and two that
 * read the same head would both write its next event (the insert trigger then refuses the second,
 * and its whole change with it). So appends queue on one transaction-scoped advisory lock, taken
 * before the head is read and held to the commit: the chain keeps one head, and each transaction's
 * events are consecutive. Under READ COMMITTED (PostgreSQL's default) the head read after the lock
 * sees every append committed before it.
 */

/** The advisory lock every server's appends queue on ("mgAU"): any constant, the same everywhere. */
export const AUDIT_APPEND_LOCK = 0x6d674155;

/** The events in one INSERT over JSON per 5,000 (../insert-many.ts); the insert trigger checks each against the head. */
const INSERT_EVENTS = insertSpec(auditEvents, AUDIT_COLUMNS);

/** Appends the events after the chain's head; returns the last seq written (the head's, for none). */
export async function appendAuditEventsPg(tx: PgTx, inputs: readonly AuditInput[]): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
  const { rows: found } = await tx.execute<ChainHead>(
    sql`select seq, hash from audit_events order by seq desc limit 1`,
  );
  const head = found[0];
  if (inputs.length === 0) return head?.seq ?? 0;
  const rows = chainedRows(inputs, head ?? START, chainKey());
  const values: unknown[] = [];
  for (const row of rows) for (const column of AUDIT_COLUMNS) values.push(row[column]);
  await insertManyPg(tx, INSERT_EVENTS, values);
  return rows.at(-1)!.seq;
}
