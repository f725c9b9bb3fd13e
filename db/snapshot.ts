import "server-only";
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { connectClient } from "./pg/client";
import * as pgSchema from "./pg/schema";
import { isPortalPg, poolOf } from "./pg/portal";
import * as schema from "./schema";
import type { Db } from "./types";

export type Snapshot = { db: Db; close: () => Promise<void> };

/**
 * One committed snapshot of the database on a connection of its own, read-only, for a read that
 * outlives a request (an export): it sees nothing committed after it began, and holds no lock the
 * app's writes wait for. SQLite: a read-only connection to the file in one read transaction (WAL).
 * PostgreSQL: a connection in one REPEATABLE READ, READ ONLY transaction. Close it when done.
 */
export async function openSnapshot(db: Db): Promise<Snapshot> {
  if (isPortalPg(db)) {
    const client = await connectClient(poolOf(db).options.connectionString!);
    try {
      await client.query("begin isolation level repeatable read, read only");
    } catch (error) {
      await client.end();
      throw error;
    }
    return {
      db: drizzlePg(client, { schema: pgSchema }) as unknown as Db,
      close: async () => {
        await client.query("commit").catch(() => {});
        await client.end();
      },
    };
  }
  const client = new Database(db.$client.name, { readonly: true, fileMustExist: true });
  client.pragma("busy_timeout = 5000");
  client.exec("BEGIN");
  return { db: drizzleSqlite(client, { schema }), close: async () => void client.close() };
}
