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
