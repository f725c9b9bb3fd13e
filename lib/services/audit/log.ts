import "server-only";
import { prepare } from "@/db/query";
import { desc, getTableColumns } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { Db, Tx } from "@/db/client";
import { noteAuditAppended } from "./anchor";
import { keyedHash, canonicalEvent, START, type ChainedFields, type ChainHead } from "./chain";
import { chainKey } from "./keys";
import { insertInSizes, placeholderRows, preparedUnlessInTransaction, statementsBySize } from "../prepared";

/**
 * Where a request came from, recorded with every event it causes: the client's address and agent,
 * and the personal access token it was made with when it came through the REST API.
 */
export type RequestOrigin = {
  clientIp: string | null;
  userAgent: string | null;
  token?: { id: number; name: string } | null;
};
export const NO_ORIGIN: RequestOrigin = { clientIp: null, userAgent: null };

export type AuditInput = {
  action: string;
  actor: { id: number; upn: string } | null;
  environmentId?: number | null;
  target?: { type: string; id: string | number; label: string } | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  origin: RequestOrigin;
  at?: Date;
};

export { canonicalEvent, chainHash, GENESIS_HASH } from "./chain";

/**
 * Appends one event inside the caller's transaction, so the change and its event commit or roll
 * back together. Callers open the transaction with behavior "immediate", which serializes writers
 * and keeps the chain free of forks and gaps.
 */
export async function appendAuditEvent(tx: Tx | Db, input: AuditInput): Promise<number> {
  return await appendAuditEvents(tx, [input]);
}

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * A batch's events go in multi-row INSERTs of each of INSERT_SIZES (lib/services/prepared.ts): a
 * 10,000-row approval pays 100 statements instead of 10,000. The column list comes from the schema,
 * so the two cannot drift. The insert trigger still checks every row against the head.
 */
const COLUMNS = Object.keys(getTableColumns(auditEvents)) as (keyof AuditRow)[];

function prepareAppend(tx: Tx | Db) {
  return {
    head: prepare(
      tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.seq))
        .limit(1),
    ),
    insert: statementsBySize((size) => prepare(tx.insert(auditEvents).values(placeholderRows(COLUMNS, size)))),
    // The database file, for the checkpoint it arms after commit (none for an in-memory database).
    file: tx.$client.memory ? "" : tx.$client.name,
  };
}

/** On the app's connection, prepared once and kept (a bulk job appends in every batch); a transaction handle prepares its own. */
const appendStatements = (tx: Tx | Db) => preparedUnlessInTransaction(tx, prepareAppend);

/**
 * Appends many events in order inside the caller's transaction, reading the chain's head once
 * (the insert trigger refuses any row that does not continue it):
 * bulk changes (10,000 approvals) stay one transaction without a query per event for the head.
 * Returns the last sequence number written.
 */
export async function appendAuditEvents(tx: Tx | Db, inputs: AuditInput[]): Promise<number> {
  if (inputs.length === 0) return (await appendStatements(tx).head.get())?.seq ?? 0;
  const { head, insert, file } = appendStatements(tx);
  const rows = chainedRows(inputs, (await head.get()) ?? START, chainKey());
  const values: unknown[] = [];
  // As the column's encoder would store it: the instant in epoch milliseconds.
  for (const row of rows) for (const column of COLUMNS) values.push(column === "at" ? row.at.getTime() : row[column]);
  await insertInSizes(insert, COLUMNS.length, values, async (statement, slice) => void (await statement.run(slice)));
  // Counted now, acted on after the caller's transaction commits (see noteAuditAppended).
  if (file) noteAuditAppended(file, inputs.length);
  return rows.at(-1)!.seq;
}

/**
 * The events as rows chained after `head`: each with its seq, the previous event's hash and its
 * own keyed hash. What each dialect's append writes (PostgreSQL's: ./append-postgres.ts).
 */
export function chainedRows(inputs: readonly AuditInput[], head: ChainHead, key: Buffer): AuditRow[] {
  let { seq, hash: prevHash } = head;
  return inputs.map((input) => {
    const fields: ChainedFields = {
      seq: ++seq,
      at: input.at ?? new Date(),
      actorId: input.actor?.id ?? null,
      actorUpn: input.actor?.upn ?? null,
      action: input.action,
      environmentId: input.environmentId ?? null,
      targetType: input.target?.type ?? null,
      targetId: input.target ? String(input.target.id) : null,
      targetLabel: input.target?.label ?? null,
      before: input.before ? JSON.stringify(input.before) : null,
      after: input.after ? JSON.stringify(input.after) : null,
      reason: input.reason ?? null,
      clientIp: input.origin.clientIp,
      userAgent: input.origin.userAgent,
      tokenId: input.origin.token?.id ?? null,
      tokenName: input.origin.token?.name ?? null,
    };
    const hash = keyedHash(key, prevHash, canonicalEvent(fields));
    const row: AuditRow = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
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
