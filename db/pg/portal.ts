import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import type { Db, Tx } from "../types";
import type { PgDb, PgTx } from "./client";
import * as schema from "./schema";
import { processWide } from "../process-wide";

/**
 * The portal's database handle on PostgreSQL (issue 19): Drizzle's node-postgres driver over a pool,
 * typed as the SQLite handle the services are written against (the tables are the same, derived in
 * db/pg/schema.ts).
 *
 * Inside withTransaction the same handle runs on the transaction's connection: the services pass
 * `db` down to the functions a transaction calls (SQLite has one connection, so it never mattered),
 * and this keeps them right on a pool without threading `tx` through every call.
 */
const inTransaction = processWide("pgTransaction", () => new AsyncLocalStorage<PgTx>());
const pools = processWide("pgPools", () => new WeakMap<object, PgDb>());

/**
 * Every write transaction takes this lock first and holds it to its commit, as SQLite's BEGIN
 * IMMEDIATE takes the write lock: one writer at a time across every app server, each reading what
 * the ones before it committed (READ COMMITTED reads anew per statement). The services check state
 * and then write (a version, a holder's rights); this keeps those checks true until the commit.
 */
export const WRITE_LOCK = 0x6d675752; // "mgWR"

/** How the portal's connections name themselves in pg_stat_activity (an application_name in DATABASE_URL wins). */
export const APPLICATION_NAME = "mailgate";

export function openPortalPg(url: string, options: { max?: number } = {}): Db {
  // Named, so an operator (and `npm run restore`, which refuses while they are connected) can tell them.
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, application_name: APPLICATION_NAME });
  // An idle connection the server closed (a restart, a failover) is dropped and replaced; without a
  // listener its error would end the process.
  pool.on("error", (error) => console.error("PostgreSQL: an idle pooled connection failed", error));
  const pg = drizzle(pool, { schema }) as PgDb;
  const handle = new Proxy(pg, {
    get(target, property) {
      const source = inTransaction.getStore() ?? target;
      const value = Reflect.get(source, property, source) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(source) : value;
    },
  });
  pools.set(handle, pg);
  return handle as unknown as Db;
}

/**
 * What a statement built on `db` runs on, for keeping it (lib/services/prepared.ts): the pool, or
 * inside withTransaction the transaction's connection. The pool hands out the same few connections
 * again and again, so a statement built in one transaction serves the later ones on its connection
 * instead of being built anew in each (a job's batch built ~15 of them, more CPU than its rows).
 * Undefined for a handle that is not the portal's.
 */
export function statementHome(db: object): object | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  const tx = inTransaction.getStore();
  // Drizzle's transaction runs on its session's pg client: the connection the pool lent it.
  return tx ? (tx as unknown as { session: { client: object } }).session.client : pool.$client;
}

export function isPortalPg(db: Db | Tx): boolean {
  return pools.has(db);
}

/** The pool behind a handle from openPortalPg, to end it. */
export function poolOf(db: Db): Pool {
  return pools.get(db)!.$client;
}

/** withTransaction on PostgreSQL: one transaction on one pooled connection; inside another, a savepoint. */
export async function withPgTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const outer = inTransaction.getStore();
  if (outer) return outer.transaction((tx) => inTransaction.run(tx, () => work(db)));
  return pools.get(db)!.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK})`);
    return inTransaction.run(tx, () => work(db));
  });
}
