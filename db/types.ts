import type Database from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type * as schema from "./schema";

/**
 * The handle services are written against: SQLite's Drizzle database. On PostgreSQL (db/pg/portal.ts)
 * the same tables and queries run through node-postgres; what differs is kept in db/query.ts and
 * db/sql.ts.
 */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a transaction callback receives (db/transaction.ts); services accept either. */
export type Tx = Db;
