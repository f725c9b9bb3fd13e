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
