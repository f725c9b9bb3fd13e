import "server-only";
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";

/**
 * A named parameter of a prepared statement where Drizzle's types want SQL (an UPDATE's set, a
 * raw fragment): `.set({ approvedOn: param("at") })`, then `.prepare().run({ at })`. Values go to
 * the driver as given (epoch milliseconds for timestamps, 0/1 for booleans): no column encoder runs.
 */
export const param = (name: string): SQL => sql`${sql.placeholder(name)}`;

const statements = new WeakMap<Database.Database, Map<(db: never) => unknown, unknown>>();

/**
 * The statement `prepare` builds, prepared once per connection and kept: building a Drizzle query
 * and preparing it costs about as much as running it on a few dozen rows, which a background job
 * would otherwise pay for every statement of every batch. `prepare` must be a module-level function.
 */
export function preparedOnce<D extends { $client: Database.Database }, T>(db: D, prepare: (db: D) => T): T {
  let mine = statements.get(db.$client);
  if (!mine) statements.set(db.$client, (mine = new Map()));
  let statement = mine.get(prepare as (db: never) => unknown) as T | undefined;
  if (statement === undefined) mine.set(prepare as (db: never) => unknown, (statement = prepare(db)));
  return statement;
}

const shaped = new WeakMap<Database.Database, Map<string, unknown>>();

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
  let mine = shaped.get(db.$client);
  if (!mine) shaped.set(db.$client, (mine = new Map()));
  let statement = mine.get(shape) as T | undefined;
  if (statement === undefined) mine.set(shape, (statement = prepare(db)));
  return statement;
}

/**
 * `select value ->> 0, value ->> 1, … from json_each(:rows) where true`: the SELECT of an INSERT …
 * SELECT that writes a whole batch in one statement, its rows bound as one JSON array of arrays
 * (`rows`) in the order of `columns` (getTableColumns of the table, the order Drizzle lists them
 * in). `where true` keeps SQLite from reading a following ON CONFLICT as a join's ON.
 */
export function selectJsonRows(columns: readonly string[]): SQL {
  const values = columns.map((_, i) => sql`value ->> ${sql.raw(String(i))}`);
  return sql`select ${sql.join(values, sql`, `)} from json_each(${sql.placeholder("rows")}) where true`;
}
