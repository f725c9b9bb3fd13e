import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { connectClient } from "@/db/pg/client";
import { dialectOf } from "@/db/dialect";
import { chainColumns, hashAt, readHead, readKeyedFrom, START, type ChainHead } from "./chain";

/**
 * Where an audit log lives: a SQLite database file, or a PostgreSQL connection string (issue 19).
 * Verify, the checkpoints and the public check read either through a ChainReader: one committed
 * snapshot, on a connection of its own, so the app keeps writing meanwhile.
 */
export const isPostgresLocation = (location: string): boolean => dialectOf(location) === "postgresql";

/** A value, or on PostgreSQL the promise of one (SQLite's reader answers synchronously). */
export type Maybe<T> = T | Promise<T>;

export interface ChainReader {
  head(): Maybe<ChainHead>;
  /** The first seq hashed with the key (chain.ts, readKeyedFrom). */
  keyedFrom(): Maybe<number>;
  hashAt(seq: number): Maybe<string | null>;
  count(): Maybe<number>;
  /** The first seq missing from 1..head (only asked when the count says one is). */
  firstMissingSeq(): Maybe<number>;
  /** Up to `limit` raw chain rows (chain.ts, chainColumns) with `after < seq <= to`, by seq. */
  page(after: number, to: number, limit: number): Maybe<unknown[][]>;
  close(): Maybe<void>;
}

const FIRST_MISSING = `SELECT a.seq + 1 AS seq FROM audit_events a
  WHERE NOT EXISTS (SELECT 1 FROM audit_events b WHERE b.seq = a.seq + 1) ORDER BY a.seq LIMIT 1`;

/**
 * A read-only connection to the file, in one read transaction: every question is answered from
 * the same committed snapshot, and the app's writes are never blocked (WAL).
 */
function openSqliteReader(file: string): ChainReader {
  const client = new Database(file, { readonly: true, fileMustExist: true });
  client.pragma("busy_timeout = 5000");
  client.exec("BEGIN");
  const page = client
    .prepare(`SELECT ${chainColumns(client)} FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`)
    .raw(true);
  return {
    head: () => readHead(client),
    keyedFrom: () => readKeyedFrom(client),
    hashAt: (seq) => hashAt(client, seq),
    count: () => client.prepare("SELECT count(*) FROM audit_events").pluck().get() as number,
    firstMissingSeq: () =>
      client.prepare("SELECT 1 FROM audit_events WHERE seq = 1").get()
        ? (client.prepare(FIRST_MISSING).pluck().get() as number)
        : 1,
    page: (after, to, limit) => page.all(after, to, limit) as unknown[][],
    close: () => void client.close(),
  };
}

/** The chain's columns in canonical order (chain.ts, chainColumns), the instant in epoch milliseconds. */
export const PG_CHAIN_COLUMNS =
  "seq, (extract(epoch from at) * 1000)::float8 as at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, before, after, reason, client_ip, user_agent, prev_hash, hash, token_id, token_name";

/** Taken by a reader opened `exclusive`: one checkpoint writer at a time across app servers ("mgCP"). */
export const CHECKPOINT_LOCK = 0x6d674350;

type Queryable = Pick<pg.ClientBase, "query">;

/** Reads the chain through a connection the caller holds (e.g. inside its own transaction). */
export function pgChainReader(client: Queryable, close: () => Maybe<void> = () => {}): ChainReader {
  const one = async <T>(text: string, values: unknown[] = []) =>
    (await client.query<{ v: T }>({ text, values })).rows[0]?.v;
  return {
    head: async () =>
      (await client.query<ChainHead>("select seq, hash from audit_events order by seq desc limit 1")).rows[0] ?? START,
    keyedFrom: async () => (await one<number>("select keyed_from as v from audit_chain")) ?? 1,
    hashAt: async (seq) => (await one<string>("select hash as v from audit_events where seq = $1", [seq])) ?? null,
    count: async () => Number(await one<string>("select count(*) as v from audit_events")),
    firstMissingSeq: async () =>
      (await one<number>("select 1 as v from audit_events where seq = 1"))
        ? ((await one<number>(FIRST_MISSING.replace("AS seq", "AS v"))) ?? 1)
        : 1,
    page: async (after, to, limit) =>
      (
        await client.query<unknown[]>({
          text: `select ${PG_CHAIN_COLUMNS} from audit_events where seq > $1 and seq <= $2::bigint order by seq limit $3`,
          values: [after, to, limit],
          rowMode: "array",
        })
      ).rows,
    close,
  };
}

/**
 * A connection of its own in one REPEATABLE READ, READ ONLY transaction: one snapshot, as on
 * SQLite. `exclusive` first waits for the checkpoint lock, so two app servers never seal the
 * same events twice; the snapshot is taken after it, with the other's checkpoint already written.
 */
async function openPgReader(url: string, exclusive: boolean): Promise<ChainReader> {
  const client = await connectClient(url);
  try {
    await client.query("begin isolation level repeatable read, read only");
    if (exclusive) await client.query("select pg_advisory_xact_lock($1)", [CHECKPOINT_LOCK]);
  } catch (error) {
    await client.end();
    throw error;
  }
  return pgChainReader(client, async () => {
    await client.query("commit").catch(() => {});
    await client.end();
  });
}

export function openChainReader(location: string, opts: { exclusive?: boolean } = {}): Maybe<ChainReader> {
  return isPostgresLocation(location) ? openPgReader(location, Boolean(opts.exclusive)) : openSqliteReader(location);
}
