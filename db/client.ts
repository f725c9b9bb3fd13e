import "server-only";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { serverEnv } from "@/lib/env";
import { DIALECT } from "./dialect";
import { openPgDb } from "./pg/client";
import { isPortalPg, openPortalPg, poolOf } from "./pg/portal";
import * as schema from "./schema";

export type { Db, Tx } from "./types";
import type { Db } from "./types";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function databasePath(): string {
  return path.resolve(/*turbopackIgnore: true*/ serverEnv().DATABASE_PATH ?? path.join("data", "mailgate.db"));
}

/** Where the app's data lives: PostgreSQL's connection string (DATABASE_URL), or the SQLite file. */
export function databaseLocation(): string {
  return DIALECT === "postgresql" ? serverEnv().DATABASE_URL! : databasePath();
}

/** Where a handle's data lives, as databaseLocation says it ("" for an in-memory SQLite database). */
export function locationOf(db: Db): string {
  if (isPortalPg(db)) return poolOf(db).options.connectionString ?? "";
  return db.$client.memory ? "" : db.$client.name;
}

/** Opens a database file with the pragmas every connection needs and applies pending migrations. */
export function openDb(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // Every commit reaches the disk before it is acknowledged: with NORMAL, a power loss could roll
  // back approvals and their audit events together, indistinguishable from tampering.
  sqlite.pragma("synchronous = FULL");
  // REPLACE then fires delete triggers for the rows it removes, so it cannot rewrite an audit event.
  sqlite.pragma("recursive_triggers = ON");
  // Statements that fire triggers (the audit log's insert guard on every event) keep a statement
  // journal; in memory it costs a tenth of a temporary file's (bench/README.md, "Why the code is as it is").
  sqlite.pragma("temp_store = MEMORY");
  sqlite.pragma("foreign_keys = ON");
  // Twice SQLite's 16 MB: a bulk approval's batches read the same index pages again from batch to
  // batch, and a 10,000-row transaction spilled 11,500 pages to the WAL before its commit with 16 MB
  // (4,300 with 32 MB; 64 MB took the server past its 500 MB memory target; bench/README.md).
  sqlite.pragma("cache_size = -32768");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return db;
}

/**
 * The app's database for a command-line tool, with its migrations applied: SQLite's file, or the
 * PostgreSQL database DATABASE_URL names. `shown` names it for messages (never with a password).
 */
export async function openMigrated(): Promise<{ db: Db; location: string; shown: string; close: () => Promise<void> }> {
  if (DIALECT === "postgresql") {
    const url = serverEnv().DATABASE_URL!;
    await (await openPgDb(url, { max: 1 })).$client.end();
    const db = openPortalPg(url, { max: 2 });
    return { db, location: url, shown: withoutPassword(url), close: () => poolOf(db).end() };
  }
  const file = databasePath();
  const db = openDb(file);
  return { db, location: file, shown: file, close: async () => void db.$client.close() };
}

/** A connection string fit for a log line. */
export function withoutPassword(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

const memo = globalThis as unknown as { mailgateDb?: Db };

/**
 * The app's one connection, opened on first use rather than at import: `next build` imports
 * route modules and must not create or touch a database.
 */
export function getDb(): Db {
  memo.mailgateDb ??= DIALECT === "postgresql" ? openPortalPg(serverEnv().DATABASE_URL!) : openDb(databasePath());
  return memo.mailgateDb;
}
