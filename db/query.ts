import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import { DIALECT } from "./dialect";

/**
 * Query results read one way on both dialects (issue 19): a Drizzle query is awaited, which runs it
 * on SQLite's synchronous driver and on PostgreSQL's pool alike; SQLite's own `.get()`, `.all()`
 * and `.run()` do not exist on PostgreSQL.
 */

/** The first row of a query, or undefined: what `.get()` answered on SQLite. */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

/** How many rows a write changed: SQLite's driver says `changes`, PostgreSQL's `rowCount`. */
export function affected(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** The one row an INSERT or UPDATE … RETURNING wrote, where the statement always writes one. */
export async function single<T>(rows: PromiseLike<T[]>): Promise<T> {
  const [row] = await rows;
  if (row === undefined) throw new Error("The statement wrote no row.");
  return row;
}

/**
 * The rows of a statement written in SQL (`sql\`…\``), as objects keyed by column name: Drizzle's
 * SQLite driver answers `all()`, its PostgreSQL driver `execute()` with the rows in `rows`.
 */
export async function rawRows<T>(db: object, query: SQL): Promise<T[]> {
  const d = db as { all?: (q: SQL) => T[] | Promise<T[]>; execute?: (q: SQL) => Promise<{ rows: T[] }> };
  return d.all ? await d.all(query) : (await d.execute!(query)).rows;
}

type SqlitePrepared = { all: unknown; get: unknown; run: unknown };
type PgPrepared = { execute: (params?: Record<string, unknown>) => Promise<unknown> };

/**
 * A query prepared to run many times with placeholders (`sql.placeholder`). On SQLite it is
 * better-sqlite3's statement through Drizzle; on PostgreSQL the same `.all()`, `.get()` and
 * `.run()` over Drizzle's `execute` (the services await every one of them), as a named prepared
 * statement: each connection parses it once, not at every run (statementName).
 */
export function prepare<P extends SqlitePrepared>(query: { prepare(name?: string): P }): P {
  const statement = (DIALECT === "postgresql" ? query.prepare(statementName(query)) : query.prepare()) as
    | P
    | PgPrepared;
  if (!("execute" in statement) || "run" in statement) return statement as P;
  const execute = (params?: Record<string, unknown>) => statement.execute(params);
  return {
    all: execute,
    get: async (params?: Record<string, unknown>) => ((await execute(params)) as unknown[])[0],
    run: async (params?: Record<string, unknown>) => ({ changes: affected(await execute(params)) }),
  } as unknown as P;
}

/**
 * A PostgreSQL statement's name: a hash of its text, so one text has one name on every connection
 * and two texts never share one (node-postgres refuses a name reused for another text). Kept
 * statements (lib/services/prepared.ts) build it once.
 */
function statementName(query: object): string {
  const { sql } = (query as { toSQL(): { sql: string } }).toSQL();
  return `mg_${createHash("sha1").update(sql).digest("base64url").slice(0, 27)}`;
}
