import "server-only";
import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";

/**
 * A named parameter of a prepared statement where Drizzle's types want SQL (an UPDATE's set, a
 * raw fragment): `.set({ approvedOn: param("at") })`, then `.prepare().run({ at })`. Values go to
 * the driver as given (epoch milliseconds for timestamps, 0/1 for booleans): no column encoder runs.
 */
export const param = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** Per connection, each kept statement by its key: a module-level prepare function, or a shape's name. */
const kept = new WeakMap<Database.Database, Map<unknown, unknown>>();

function keptStatement<T>(client: Database.Database, key: unknown, prepare: () => T): T {
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
  return keptStatement(db.$client, prepare, () => prepare(db));
}

/**
 * preparedOnce on the app's connection; a transaction handle (which has no `$client`) prepares its
 * own, for the statements services call both inside and outside a transaction.
 */
export function preparedUnlessInTransaction<T>(db: Db | Tx, prepare: (db: Db | Tx) => T): T {
  return "$client" in db ? preparedOnce(db as Db, prepare) : prepare(db);
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
  return keptStatement(db.$client, shape, () => prepare(db));
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
