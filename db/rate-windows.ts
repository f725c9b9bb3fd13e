import "server-only";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { isPortalPg } from "./pg/portal";
import { processWide } from "./process-wide";
import { rawRows } from "./query";

/**
 * Fixed windows of hits per key that every app server counts into: the REST API's rate limit per
 * token (lib/services/identity/rate-windows.ts). A request counts once, so the counts live where a
 * count costs least, and never in the portal's own tables (a GET still writes none of them:
 * e2e/security/reads-never-write.spec.ts):
 * - PostgreSQL: an UNLOGGED table (db/pg/migrations/0003), shared by every server, no WAL write;
 * - SQLite: a database file of its own beside the portal's (mailgate.db → mailgate.rate-limits.db),
 *   shared by every process on the machine, with synchronous = OFF and its own write lock, so a
 *   count never fsyncs and never waits behind a background job's batch holding the portal's lock.
 * Losing the counts (a crash) loses at most the current minute's window.
 */
export type CountedWindow = { startedAt: Date; hits: number };

const TABLE = `create table if not exists api_rate_windows (
  token_id integer primary key, started_at integer not null, hits integer not null)`;

/** Per portal database, one per process (a handle made by any bundle): the side file's counting statement. */
const sideFiles = processWide("rate-window-files", () => new WeakMap<Db, Database.Statement>());

/** Beside the portal's file; an in-memory portal database (":memory:") gets an in-memory one. */
export function rateWindowsFile(portalFile: string): string {
  if (portalFile === ":memory:" || portalFile === "") return ":memory:";
  const { dir, name } = path.parse(portalFile);
  return path.join(dir, `${name}.rate-limits.db`);
}

/** The side file's counting statement for a portal database, opened on first use. */
function sideCounter(db: Db): Database.Statement {
  let count = sideFiles.get(db);
  if (!count) {
    const side = new Database(rateWindowsFile(db.$client.name));
    side.pragma("journal_mode = WAL");
    side.pragma("synchronous = OFF");
    side.pragma("busy_timeout = 1000");
    side.exec(TABLE);
    count = side.prepare(
      `insert into api_rate_windows (token_id, started_at, hits) values (@key, @now, 1)
       on conflict (token_id) do update set
         started_at = case when started_at <= @over then @now else started_at end,
         hits = case when started_at <= @over then 1 else hits + 1 end
       returning started_at as startedAt, hits`,
    );
    sideFiles.set(db, count);
  }
  return count;
}

/**
 * Counts one hit for `key` in its window and answers the window as it now stands: the window starts
 * with a key's first hit and a new one once `windowMs` has passed. One statement, atomic on both
 * dialects (the SET's expressions read the row as it was), so concurrent servers never lose a hit.
 */
export async function countInWindow(db: Db, key: number, now: Date, windowMs: number): Promise<CountedWindow> {
  const over = new Date(now.getTime() - windowMs);
  if (isPortalPg(db)) {
    const [row] = await rawRows<{ startedAt: Date; hits: number }>(
      db,
      sql`insert into api_rate_windows as w (token_id, started_at, hits) values (${key}, ${now}, 1)
          on conflict (token_id) do update set
            started_at = case when w.started_at <= ${over} then ${now} else w.started_at end,
            hits = case when w.started_at <= ${over} then 1 else w.hits + 1 end
          returning started_at as "startedAt", hits`,
    );
    return { startedAt: new Date(row!.startedAt), hits: Number(row!.hits) };
  }
  const row = sideCounter(db).get({ key, now: now.getTime(), over: over.getTime() }) as {
    startedAt: number;
    hits: number;
  };
  return { startedAt: new Date(row.startedAt), hits: row.hits };
}
