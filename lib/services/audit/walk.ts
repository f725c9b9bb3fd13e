import "server-only";
import Database from "better-sqlite3";
import { chainColumns, canonicalOfRaw, keyedHash, legacyHash, nextDigest, type ChainHead } from "./chain";

/** Where a walk found the chain broken: the first event that does not fit. */
export type ChainFault = {
  /**
   * - "gap": its seq is not the next number: events before it were deleted (or renumbered);
   * - "broken link": its prev_hash is not the previous event's hash: an event before it was
   *   removed, inserted or rewritten;
   * - "edited": its contents no longer give its hash: edited, or forged without the key.
   */
  kind: "gap" | "broken link" | "edited";
  seq: number;
};

export type WalkStart = ChainHead & { digest: string | null };

export type WalkOptions = {
  /** Null checks links only (no hashes): the public check, made without the secret key. */
  key: Buffer | null;
  keyedFrom: number;
  /** The last seq to read; the head when absent. */
  to?: number;
  /** Computes the public digest along the way (needs `start.digest`). */
  withDigest?: boolean;
  /** Called for each event that fits, e.g. to compare it with the checkpoints at its seq. */
  visit?: (seq: number, hash: string, digest: string | null) => void;
};

export type WalkResult = { last: WalkStart; walked: number; fault: ChainFault | null };

/** Rows between pauses: ~10 ms of hashing, so a long walk never holds the event loop for long. */
const ROWS_PER_SLICE = 2_000;

/**
 * Whether a raw chain row (chain.ts, chainColumns) fits after `last`: the next seq, linked to its
 * hash, and (with a key) giving its own hash again, unkeyed before `keyedFrom`. Both dialects'
 * walks ask this (PostgreSQL's: walk-postgres.ts).
 */
export function rowFault(
  row: unknown[],
  canonical: string,
  last: ChainHead,
  opts: Pick<WalkOptions, "key" | "keyedFrom">,
): ChainFault["kind"] | null {
  const rowSeq = row[0] as number;
  if (rowSeq !== last.seq + 1) return "gap";
  if (row[14] !== last.hash) return "broken link";
  if (!opts.key) return null;
  const again = rowSeq < opts.keyedFrom ? legacyHash(last.hash, canonical) : keyedHash(opts.key, last.hash, canonical);
  return again !== row[15] ? "edited" : null;
}

/** A read-only connection of its own: it sees one committed snapshot, and never blocks the app's writes. */
export function openChainReader(file: string): Database.Database {
  const client = new Database(file, { readonly: true, fileMustExist: true });
  client.pragma("busy_timeout = 5000");
  return client;
}

/**
 * Walks the chain after `start`, one row at a time (a million events never sit in memory), and
 * stops at the first event that does not fit. A generator that pauses every slice: run it with
 * runAsync in the server, runSync where nothing else waits (command line, process exit).
 */
export function* walkChain(
  reader: Database.Database,
  start: WalkStart,
  opts: WalkOptions,
): Generator<void, WalkResult> {
  const rows = reader
    .prepare(`SELECT ${chainColumns(reader)} FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq`)
    .raw(true);
  let { seq, hash, digest } = start;
  let walked = 0;
  const last = () => ({ seq, hash, digest });
  for (const row of rows.iterate(start.seq, opts.to ?? Number.MAX_SAFE_INTEGER) as Iterable<unknown[]>) {
    const rowSeq = row[0] as number;
    const canonical = canonicalOfRaw(row);
    const fault = rowFault(row, canonical, { seq, hash }, opts);
    // Leaving the loop closes the statement's iterator.
    if (fault) return { last: last(), walked, fault: { kind: fault, seq: rowSeq } };
    seq = rowSeq;
    hash = row[15] as string;
    if (opts.withDigest && digest !== null) digest = nextDigest(digest, hash, canonical);
    walked += 1;
    opts.visit?.(seq, hash, digest);
    if (walked % ROWS_PER_SLICE === 0) yield;
  }
  return { last: last(), walked, fault: null };
}

export function runSync<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, letting other requests in between slices. */
export async function runAsync<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
