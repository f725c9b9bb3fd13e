import "server-only";
import { canonicalOfRaw, keyedHash, legacyHash, nextDigest, type ChainHead } from "./chain";
import type { ChainReader, Maybe } from "./reader";

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

/**
 * What a walk yields: nothing, to pause between slices, or a reader's pending answer (PostgreSQL),
 * which runAsync awaits and sends back in. SQLite's reader answers at once, so runSync can run the
 * same steps where nothing else waits (command line, process exit).
 */
export type Step = void | Promise<unknown>;
export type Steps<T> = Generator<Step, T, unknown>;

/** The reader's answer, waited for when it is a promise: `const head = yield* ask(reader.head())`. */
export function* ask<T>(value: Maybe<T>): Steps<T> {
  return value instanceof Promise ? ((yield value) as T) : value;
}

/**
 * Walks the chain after `start`, a slice at a time (a million events never sit in memory), and
 * stops at the first event that does not fit, pausing between slices.
 */
export function* walkChain(reader: ChainReader, start: WalkStart, opts: WalkOptions): Steps<WalkResult> {
  let { seq, hash, digest } = start;
  let walked = 0;
  const last = () => ({ seq, hash, digest });
  const to = opts.to ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = yield* ask(reader.page(seq, to, ROWS_PER_SLICE));
    for (const row of rows) {
      const rowSeq = row[0] as number;
      const canonical = canonicalOfRaw(row);
      const fault = rowFault(row, canonical, { seq, hash }, opts);
      if (fault) return { last: last(), walked, fault: { kind: fault, seq: rowSeq } };
      seq = rowSeq;
      hash = row[15] as string;
      if (opts.withDigest && digest !== null) digest = nextDigest(digest, hash, canonical);
      walked += 1;
      opts.visit?.(seq, hash, digest);
    }
    if (rows.length < ROWS_PER_SLICE) return { last: last(), walked, fault: null };
    yield;
  }
}

/** Runs the steps at once: only over SQLite's reader, whose answers are never promises. */
export function runSync<T>(steps: Steps<T>): T {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (step.value instanceof Promise) {
      steps.return(undefined as T);
      throw new Error("A PostgreSQL audit log is read asynchronously: use runAsync.");
    }
  }
}

/** Runs the steps, awaiting the reader's answers and letting other requests in between slices. */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  let step = steps.next();
  for (;;) {
    if (step.done) return step.value;
    if (step.value instanceof Promise) {
      let answer: unknown;
      try {
        answer = await step.value;
      } catch (error) {
        step = steps.throw(error);
        continue;
      }
      step = steps.next(answer);
    } else {
      await new Promise((resolve) => setImmediate(resolve));
      step = steps.next();
    }
  }
}
