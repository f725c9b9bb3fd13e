import "server-only";
import type { Column, SQL, Table } from "drizzle-orm";
import { DIALECT } from "@/db/dialect";
import { jsonInsert, jsonInsertOf, type JsonInsert } from "@/db/pg/json-rows";
import type { PgTx } from "@/db/pg/client";
import { affected, prepare } from "@/db/query";
import { wellFormed } from "@/db/sql";
import { param, preparedOnce } from "./prepared";

/**
 * Many rows written at once, on either dialect: the audit chain's events and the notices of a bulk
 * approval (10,000 of each). The rows come as one flat array of values, row after row in the order
 * of the spec's columns: no object per row, which cost more than the statements themselves. Values
 * go to the driver as given (db/sql.ts's `instant` and `flag`), text made well-formed (`wellFormed`,
 * so both dialects store the same): no column encoder runs.
 * - SQLite: multi-row INSERT … VALUES statements of each of INSERT_SIZES, prepared once per
 *   connection. One statement over a JSON array (`json_each` and `value ->> i`) re-parsed each
 *   row's text once per column: twice the time for 10,000 audit events; a statement per row pays
 *   the append-only trigger's setup each time (bench/README.md, "Why the code is as it is").
 * - PostgreSQL: one INSERT over the rows as JSON (db/pg/json-rows.ts): bound one by one, the values
 *   cost the driver more than PostgreSQL's work on them (bench/README.md, "Session 17").
 */

/** The multi-row statements' sizes on SQLite, largest first: 10,000 rows in 100 statements of 100. */
const INSERT_SIZES = [100, 10, 1] as const;
type InsertSize = (typeof INSERT_SIZES)[number];
/** Rows per statement on PostgreSQL: bounds one statement's JSON (about 0.5 KB an audit event). */
const JSON_ROWS = 5000;

type SqliteStatement = {
  all: (values: Record<string, unknown>) => Promise<unknown[]>;
  run: (values: Record<string, unknown>) => Promise<unknown>;
};

export type InsertSpec = {
  table: Table;
  columns: readonly string[];
  onConflictDoNothing: boolean;
  /** Read back from each new row: alias → the table's property name. */
  returning?: Record<string, string>;
  /** SQLite's statement of each size, for preparedOnce (one function per spec, so one key per spec). */
  prepareSqlite: (db: unknown) => (size: InsertSize) => SqliteStatement;
  /** PostgreSQL's statement, built when first used. */
  pg?: JsonInsert;
};

/** What insertMany writes; made once, at module level, so its statements are kept. */
export function insertSpec(
  table: Table,
  columns: readonly string[],
  options: { onConflictDoNothing?: boolean; returning?: Record<string, string> } = {},
): InsertSpec {
  const spec: InsertSpec = {
    table,
    columns,
    onConflictDoNothing: options.onConflictDoNothing ?? false,
    returning: options.returning,
    prepareSqlite: (db) => {
      const prepared = new Map<InsertSize, SqliteStatement>();
      return (size) => {
        let statement = prepared.get(size);
        if (statement === undefined) prepared.set(size, (statement = prepareValues(db, spec, size)));
        return statement;
      };
    },
  };
  return spec;
}

/** The multi-row INSERT of `size` rows, each value a placeholder named by its place in the flat array. */
function prepareValues(db: unknown, spec: InsertSpec, size: InsertSize): SqliteStatement {
  const rows = Array.from({ length: size }, (_, row) =>
    Object.fromEntries(spec.columns.map((column, i) => [column, param(String(row * spec.columns.length + i))])),
  );
  const columns = spec.table as unknown as Record<string, Column>;
  // One builder for every table: Drizzle's types follow a table known at compile time.
  type Builder = {
    values: (rows: Record<string, SQL>[]) => Builder;
    onConflictDoNothing: () => Builder;
    returning: (fields: Record<string, Column>) => Builder;
    prepare: () => SqliteStatement & { get: unknown };
  };
  let query = (db as { insert: (table: Table) => Builder }).insert(spec.table).values(rows);
  if (spec.onConflictDoNothing) query = query.onConflictDoNothing();
  if (spec.returning)
    query = query.returning(
      Object.fromEntries(Object.entries(spec.returning).map(([alias, key]) => [alias, columns[key]!])),
    );
  return prepare(query);
}

/**
 * Writes the rows in `values` (row after row, one value per column of the spec) inside the caller's
 * transaction. Returns how many were new (a conflict skipped counts none) and, when the spec says
 * what to read back, each new row's fields in the order written.
 */
export async function insertMany<R = never>(
  db: object,
  spec: InsertSpec,
  values: readonly unknown[],
): Promise<{ added: number; rows: R[] }> {
  if (DIALECT === "postgresql") return await insertManyPg(db as PgTx, spec, values);
  const width = spec.columns.length;
  const count = values.length / width;
  const rows: R[] = [];
  let added = 0;
  const statementOf = preparedOnce(db as { $client: never }, spec.prepareSqlite);
  let at = 0;
  for (const size of INSERT_SIZES)
    for (; count - at >= size; at += size) {
      // An array is a record of its indexes: the slice binds as the placeholders "0", "1", ….
      const slice = values.slice(at * width, (at + size) * width);
      for (let i = 0; i < slice.length; i++)
        if (typeof slice[i] === "string") slice[i] = wellFormed(slice[i] as string);
      const statement = statementOf(size);
      if (spec.returning) {
        const written = (await statement.all(slice as unknown as Record<string, unknown>)) as R[];
        for (const row of written) rows.push(row);
        added += written.length;
      } else added += affected(await statement.run(slice as unknown as Record<string, unknown>));
    }
  return { added, rows };
}

/**
 * insertMany on PostgreSQL, whatever this process's dialect: the audit chain's PostgreSQL append
 * (../audit/append-postgres.ts) is also tested from SQLite's test project. `spec` is over
 * db/pg/schema's table; instants are Dates.
 */
export async function insertManyPg<R = never>(
  tx: PgTx,
  spec: InsertSpec,
  values: readonly unknown[],
): Promise<{ added: number; rows: R[] }> {
  const count = values.length / spec.columns.length;
  const rows: R[] = [];
  let added = 0;
  spec.pg ??= jsonInsert(spec.table, spec.columns, spec);
  for (let at = 0; at < count; at += JSON_ROWS) {
    const result = await tx.execute(jsonInsertOf(spec.pg, values, at, Math.min(JSON_ROWS, count - at)));
    added += affected(result);
    if (spec.returning) for (const row of result.rows) rows.push(row as R);
  }
  return { added, rows };
}
