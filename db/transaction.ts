import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db, Tx } from "./types";
import { isPortalPg, withPgTransaction } from "./pg/portal";
import { processWide } from "./process-wide";

/**
 * The connection each running transaction holds, so a transaction started inside another (a
 * service that opens its own, called by one that already has one) becomes a savepoint of it
 * instead of waiting for itself.
 */
const current = processWide("sqliteTransaction", () => new AsyncLocalStorage<Database.Database>());

/** Per connection, the end of the queue of transactions waiting for it: one runs at a time. */
const queues = processWide("sqliteQueues", () => new WeakMap<Database.Database, Promise<unknown>>());
let savepoints = 0;

export type TransactionOptions = {
  /**
   * At most this long waiting for another connection's write lock where the wait blocks the event
   * loop: SQLite's busy_timeout, shortened for this BEGIN IMMEDIATE only (never lengthened). Still
   * locked out, the transaction fails with an error isTransientDbError (db/errors.ts) knows, for the
   * caller to try again after a back-off while requests go on (the job runner's batches). PostgreSQL
   * waits for its locks on the transaction's own pooled connection while the event loop and the
   * pool's other connections serve requests, so there the wait is left as it is for any transaction.
   */
  lockWaitMs?: number;
};

/**
 * Runs `work` in ONE write transaction (BEGIN IMMEDIATE: the write lock is taken at the start, so
 * two writers never deadlock on an upgrade) and commits when it resolves; if it throws, nothing of
 * it stays. Transactions on one connection queue behind each other.
 *
 * SQLite's driver is synchronous, so every statement `work` awaits has already run: a transaction
 * that awaits nothing but statements ends within the turn of the event loop it began in, and no
 * request that arrives meanwhile can run on the connection in the middle of it. A transaction must
 * not await anything else (a network call, a timer); one that does is rolled back and throws,
 * because another request could then run on the connection inside it. (Work already started in the
 * same turn, e.g. beside it in one Promise.all, could still read its uncommitted rows: the services
 * start transactions one at a time.)
 */
export async function withTransaction<T>(
  db: Db | Tx,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return await outermost(() =>
    isPortalPg(db) ? withPgTransaction(db, work) : withSqliteTransaction(db, work, options),
  );
}

/** The hooks of the outermost transaction running in this context (afterCommit). */
const commitHooks = processWide("commitHooks", () => new AsyncLocalStorage<(() => void)[]>());

/**
 * Calls `hook` once the outermost transaction around the caller has committed (at once outside
 * any): e.g. to arm work that must read what the transaction wrote. A hook queued inside a
 * savepoint that was rolled back still runs, so a hook may only prompt work, never be the work.
 */
export function afterCommit(hook: () => void): void {
  const hooks = commitHooks.getStore();
  if (hooks) hooks.push(hook);
  else hook();
}

async function outermost<T>(transaction: () => Promise<T>): Promise<T> {
  if (commitHooks.getStore()) return await transaction();
  const hooks: (() => void)[] = [];
  const result = await commitHooks.run(hooks, transaction);
  for (const hook of hooks) hook();
  return result;
}

async function withSqliteTransaction<T>(
  db: Db | Tx,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const client = (db as Db).$client;
  if (current.getStore() === client) return savepoint(client, db as Tx, work);
  const before = queues.get(client) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  queues.set(
    client,
    before.then(() => mine),
  );
  await before;
  try {
    return await current.run(client, () => run(client, db as Tx, work, options));
  } finally {
    release();
  }
}

async function run<T>(
  client: Database.Database,
  tx: Tx,
  work: (tx: Tx) => Promise<T>,
  { lockWaitMs }: TransactionOptions,
): Promise<T> {
  begin(client, lockWaitMs);
  let yielded = false;
  const watch = setImmediate(() => (yielded = true));
  try {
    const result = await work(tx);
    if (yielded) throw new Error("A transaction awaited more than its statements; it was rolled back.");
    client.prepare("COMMIT").run();
    return result;
  } catch (error) {
    if (client.inTransaction) client.prepare("ROLLBACK").run();
    throw error;
  } finally {
    clearImmediate(watch);
  }
}

/** BEGIN IMMEDIATE, waiting for the write lock at most `lockWaitMs` (else the connection's busy_timeout). */
function begin(client: Database.Database, lockWaitMs: number | undefined) {
  if (lockWaitMs === undefined) return void client.prepare("BEGIN IMMEDIATE").run();
  const previous = Number(client.pragma("busy_timeout", { simple: true }));
  client.pragma(`busy_timeout = ${Math.min(previous, lockWaitMs)}`);
  try {
    client.prepare("BEGIN IMMEDIATE").run();
  } finally {
    client.pragma(`busy_timeout = ${previous}`);
  }
}

async function savepoint<T>(client: Database.Database, tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  const name = `s${++savepoints}`;
  client.prepare(`SAVEPOINT ${name}`).run();
  try {
    const result = await work(tx);
    client.prepare(`RELEASE ${name}`).run();
    return result;
  } catch (error) {
    client.prepare(`ROLLBACK TO ${name}`).run();
    client.prepare(`RELEASE ${name}`).run();
    throw error;
  }
}
