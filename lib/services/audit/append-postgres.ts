import "server-only";
import { sql } from "drizzle-orm";
import type { PgTx } from "@/db/pg/client";
import { auditEvents } from "@/db/pg/schema";
import { START, type ChainHead } from "./chain";
import { chainKey } from "./keys";
import { chainedRows, type AuditInput } from "./rows";

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
/** Events per INSERT: 18 columns × 500 stays far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 500;

/** Appends the events after the chain's head; returns the last seq written (the head's, for none). */
export async function appendAuditEventsPg(tx: PgTx, inputs: readonly AuditInput[]): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
  const { rows: found } = await tx.execute<ChainHead>(
    sql`select seq, hash from audit_events order by seq desc limit 1`,
  );
  const head = found[0];
  if (inputs.length === 0) return head?.seq ?? 0;
  const rows = chainedRows(inputs, head ?? START, chainKey());
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT)
    await tx.insert(auditEvents).values(rows.slice(at, at + ROWS_PER_INSERT));
  return rows.at(-1)!.seq;
}
