import path from "node:path";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg, { Pool } from "pg";
import * as schema from "./schema";

/**
 * A PostgreSQL database for Mailgate (issue 19): a pool on DATABASE_URL and Drizzle's node-postgres
 * driver over the tables db/pg/schema.ts derives from db/schema. The portal still runs on SQLite
 * (db/client.ts); for now this serves the migrations, the schema's tests and moving an installation.
 */
export type PgDb = NodePgDatabase<typeof schema> & { $client: Pool };
/** The handle a transaction callback receives (`db.transaction(async (tx) => …)`). */
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

export const PG_MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "pg", "migrations");

/** Connects a pool to `url` and applies pending migrations (each in its own transaction, as drizzle runs them). */
export async function openPgDb(url: string, options: { max?: number } = {}): Promise<PgDb> {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  const db = drizzle(pool, { schema });
  try {
    await migrate(db, { migrationsFolder: PG_MIGRATIONS_FOLDER });
  } catch (error) {
    await pool.end();
    throw error;
  }
  return db;
}

/**
 * A connection of its own (a snapshot's, a checkpoint's), connected. A connection the server drops
 * while it sits between queries (a restart, a failover, the end of a test's cluster) emits an
 * error: logged here, because an error event without a listener would end the whole process. A
 * query in flight fails with the error itself, for its caller.
 */
export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", (error) => console.error("PostgreSQL: a connection of its own failed", error.message));
  await client.connect();
  return client;
}
