import "server-only";
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { Pool } from "pg";
import { DIALECT } from "@/db/dialect";
import { processWide } from "@/db/process-wide";
import { statementHome } from "@/db/pg/portal";

/**
 * A named parameter of a prepared statement where Drizzle's types want SQL (an UPDATE's set, a
 * raw fragment): `.set({ approvedOn: param("at") })`, then `.prepare().run({ at })`. Values go to
 * the driver as given (epoch milliseconds for timestamps, 0/1 for booleans): no column encoder runs.
 */
export const param = (name: string): SQL => sql`${sql.placeholder(name)}`;

/**
 * What a statement built on `db` runs on, and is kept for. PostgreSQL: a statement runs on the
 * session it was built on, the pool's or a transaction's connection (db/pg/portal.ts); it is kept
 * as SQLite's connection's statements are (building them again cost the pages more CPU than running
 * them: bench/README.md, "On PostgreSQL"). A handle on neither builds each time.
 */
function homeOf(db: { $client: unknown }): object | undefined {
  if (DIALECT !== "postgresql") return db.$client as Database.Database | undefined;
  return statementHome(db) ?? (db.$client instanceof Pool ? db.$client : undefined);
}

/** Per connection, each kept statement by its key: a module-level prepare function, or a shape's name. */
const kept = processWide("keptStatements", () => new WeakMap<object, Map<unknown, unknown>>());

function keptStatement<T>(db: { $client: unknown }, key: unknown, prepare: () => T): T {
  const client = homeOf(db);
  if (!client) return prepare();
  let mine = kept.get(client);
  if (!mine) kept.set(client, (mine = new Map()));
  let statement = mine.get(key) as T | undefined;
  if (statement === undefined) mine.set(key, (statement = prepare()));
  return statement;
}

/**
 * The statement `prepare` builds, prepared once per connection and kept: building a Drizzle query
 * and preparing it costs about as much as running it on a few dozen rows, which a background job
 * would otherwise pay for every statement of every batch. `prepare` must be a module-level function.
 */
export function preparedOnce<D extends { $client: Database.Database }, T>(db: D, prepare: (db: D) => T): T {
  return keptStatement(db, prepare, () => prepare(db));
}

/**
 * preparedOnce for a statement whose SQL takes one of a few shapes (a grid's view, sort order and
 * direction): each shape prepared once per connection, its values bound as placeholders. `shape`
 * must name the caller too (e.g. `mailbox-page:active:name:asc`) and come from a small, fixed set.
 */
export function preparedForShape<D extends { $client: Database.Database }, T>(
  db: D,
  shape: string,
  prepare: (db: D) => T,
): T {
  return keptStatement(db, shape, () => prepare(db));
}

/**
 * Sizes of the multi-row INSERT … VALUES statements a batch is written with, largest first: a
 * 10,000-row approval writes its events in 100 statements of 100 rows, a single event in one of 1.
 * One statement per batch over a JSON array (`json_each` and `value ->> i`) re-parsed each row's
 * text once per column: twice the time for 10,000 audit events; a statement per row pays the
 * append-only trigger's setup each time (bench/README.md, "Why the code is as it is").
 */
export const INSERT_SIZES = [100, 10, 1] as const;
export type InsertSize = (typeof INSERT_SIZES)[number];

/**
 * The VALUES of an INSERT of `count` rows for Drizzle's `.values()`: each value a placeholder named
 * by its place in the one flat array the statement then runs with (row after row, each in the
 * order of `columns`). The values go to the driver as given: no column encoder runs.
 */
export function placeholderRows<K extends string>(columns: readonly K[], count: number): Record<K, SQL>[] {
  return Array.from(
    { length: count },
    (_, row) =>
      Object.fromEntries(columns.map((column, i) => [column, param(String(row * columns.length + i))])) as Record<
        K,
        SQL
      >,
  );
}

/**
 * The statement of each size of INSERT_SIZES, built by `prepare(size)` when first asked for: an
 * action that writes one event inside a transaction handle prepares only the one-row statement.
 */
export function statementsBySize<S>(prepare: (size: InsertSize) => S): (size: InsertSize) => S {
  const prepared = new Map<InsertSize, S>();
  return (size) => {
    let statement = prepared.get(size);
    if (statement === undefined) prepared.set(size, (statement = prepare(size)));
    return statement;
  };
}

/**
 * Writes rows given as one flat array of values (row after row, `width` values each, as
 * placeholderRows names them) with the statements of each size, largest first, and returns what
 * the statements returned, in order. Each statement runs with its slice of the array (an array is
 * a record of its indexes): no array per row, no object per statement, which cost more than the
 * statements themselves.
 */
export async function insertInSizes<S, R>(
  statementOf: (size: InsertSize) => S,
  width: number,
  values: readonly unknown[],
  write: (statement: S, values: Record<string, unknown>) => Promise<R[] | void>,
): Promise<R[]> {
  const rows = values.length / width;
  const returned: R[] = [];
  let at = 0;
  for (const size of INSERT_SIZES)
    for (; rows - at >= size; at += size) {
      const slice = values.slice(at * width, (at + size) * width) as unknown as Record<string, unknown>;
      returned.push(...((await write(statementOf(size), slice)) ?? []));
    }
  return returned;
}
