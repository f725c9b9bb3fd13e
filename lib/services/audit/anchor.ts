import "server-only";
import fs from "node:fs";
import { withoutPassword } from "@/db/client";
import { appendCheckpoint, readDigests, signCheckpoint, type Checkpoint } from "./checkpoints";
import { GENESIS_HASH, START } from "./chain";
import { chainKey, digestDirFor, requireSigningKey, signingKey } from "./keys";
import { isPostgresLocation, openChainReader, type ChainReader } from "./reader";
import { ask, runAsync, runSync, walkChain, type Steps } from "./walk";
import { processWide } from "@/db/process-wide";

/** A checkpoint after at most this many events… */
export const CHECKPOINT_EVERY_EVENTS = 1_000;
/** …or this long after the first event it would cover, and at process exit. */
export const CHECKPOINT_EVERY_MS = 5 * 60_000;
/**
 * Past the event threshold, the checkpoint waits for a pause in the writes this long (but no more
 * than SETTLE_AT_MOST_MS): a 10,000-row approval's batches then get one checkpoint after them,
 * rather than ten read back while the job is still running.
 */
const SETTLE_MS = 250;
const SETTLE_AT_MOST_MS = 5_000;

export type CheckpointOutcome =
  | { status: "written"; checkpoint: Checkpoint }
  | { status: "up to date"; seq: number }
  | { status: "refused"; message: string };

const refused = (message: string): CheckpointOutcome => ({ status: "refused", message });

/**
 * Seals the events since the newest checkpoint: reads them through a read-only connection of its
 * own (committed events only), checks each one's keyed hash and link, extends the public digest,
 * and appends a signed checkpoint. It refuses to seal a log that does not continue its newest
 * checkpoint or whose chain is broken: a signature must never vouch for tampered events.
 */
function* checkpointSteps(location: string, dir: string, at: Date): Steps<CheckpointOutcome> {
  const key = requireSigningKey();
  // Exclusive: on PostgreSQL, app servers sharing a digest folder seal one after another.
  const reader: ChainReader = yield* ask(openChainReader(location, { exclusive: true }));
  try {
    const head = yield* ask(reader.head());
    const keyedFrom = yield* ask(reader.keyedFrom());
    const last = readDigests(dir, key.publicKey, { all: false }).anchors.active.at(-1) ?? null;
    const why = "Run npm run audit:verify to see what happened.";
    if (last && head.seq < last.seq)
      return refused(
        `The audit log ends at event ${head.seq}, before its newest checkpoint (event ${last.seq}). ${why}`,
      );
    if (last && (yield* ask(reader.hashAt(last.seq))) !== last.headHash)
      return refused(`Event ${last.seq} no longer matches its checkpoint of ${last.at}. ${why}`);
    if (last && last.keyedFrom !== keyedFrom)
      return refused(
        `The log's keyed-from mark (${keyedFrom}) differs from its checkpoints' (${last.keyedFrom}). ${why}`,
      );
    if (head.seq === (last?.seq ?? 0)) return { status: "up to date", seq: head.seq };
    const start = last
      ? { seq: last.seq, hash: last.headHash, digest: last.digest }
      : { ...START, digest: GENESIS_HASH };
    const walk = yield* walkChain(reader, start, { key: chainKey(), keyedFrom, to: head.seq, withDigest: true });
    if (walk.fault)
      return refused(
        `The audit chain is broken at event ${walk.fault.seq} (${walk.fault.kind}); nothing after event ${walk.last.seq} is checkpointed. ${why}`,
      );
    const checkpoint = signCheckpoint(
      {
        kind: "checkpoint",
        seq: walk.last.seq,
        headHash: walk.last.hash,
        count: (last?.count ?? 0) + walk.walked,
        keyedFrom,
        digest: walk.last.digest!,
        at: at.toISOString(),
      },
      key,
    );
    appendCheckpoint(dir, checkpoint, key);
    return { status: "written", checkpoint };
  } finally {
    yield* ask(reader.close());
  }
}

function digestDirOrThrow(file: string, dir?: string): string {
  const resolved = dir ?? digestDirFor(file);
  if (!resolved) throw new Error(`No digest folder for ${file}.`);
  return resolved;
}

/** SQLite only (its reader answers synchronously). */
export function writeCheckpointSync(file: string, opts: { dir?: string; at?: Date } = {}): CheckpointOutcome {
  return runSync(checkpointSteps(file, digestDirOrThrow(file, opts.dir), opts.at ?? new Date()));
}

export function writeCheckpoint(location: string, opts: { dir?: string; at?: Date } = {}): Promise<CheckpointOutcome> {
  return runAsync(checkpointSteps(location, digestDirOrThrow(location, opts.dir), opts.at ?? new Date()));
}

type Pending = {
  appended: number;
  timer: NodeJS.Timeout | null;
  settle: NodeJS.Timeout | null;
  dueBy: number | null;
  /** The checkpoint being written, if one is. */
  current: Promise<void> | null;
  again: boolean;
  lastRefusal: string | null;
};
const pending = processWide("auditCheckpoints", () => new Map<string, Pending>());

function report(location: string, p: Pending, outcome: CheckpointOutcome) {
  // A refusal is logged once, not after every further thousand events.
  if (outcome.status === "refused" && outcome.message !== p.lastRefusal)
    console.error(`audit checkpoint for ${withoutPassword(location)} refused: ${outcome.message}`);
  p.lastRefusal = outcome.status === "refused" ? outcome.message : null;
}

const exists = (location: string) => isPostgresLocation(location) || fs.existsSync(location);

/** Writes a checkpoint now, or once more after the one being written (which may have missed the latest events). */
function checkpointInBackground(location: string, p: Pending): Promise<void> {
  if (p.current) {
    p.again = true;
    return p.current;
  }
  p.current = sealUntilCaughtUp(location, p).finally(() => (p.current = null));
  return p.current;
}

async function sealUntilCaughtUp(location: string, p: Pending) {
  try {
    do {
      p.again = false;
      p.appended = 0;
      for (const timer of [p.timer, p.settle]) if (timer) clearTimeout(timer);
      p.timer = p.settle = p.dueBy = null;
      if (!exists(location)) return;
      report(location, p, await writeCheckpoint(location));
    } while (p.again);
  } catch (error) {
    console.error(`audit checkpoint for ${withoutPassword(location)} failed`, error);
  }
}

const hasWork = (p: Pending) => p.appended > 0 || p.timer !== null || p.settle !== null || p.current !== null;

/**
 * At shutdown, asynchronously (instrumentation.ts): everything appended since the last checkpoint
 * gets one. The only way on PostgreSQL, whose reader cannot answer within the exit event.
 */
export async function checkpointPending(): Promise<void> {
  await Promise.all(
    [...pending].filter(([, p]) => hasWork(p)).map(([location, p]) => checkpointInBackground(location, p)),
  );
}

/** At exit, synchronously, on SQLite: everything after the last checkpoint gets one (kill -9 aside; the next start writes it). */
function checkpointAtExit() {
  for (const [file, p] of pending) {
    if (isPostgresLocation(file) || !hasWork(p) || !fs.existsSync(file)) continue;
    try {
      report(file, p, writeCheckpointSync(file));
    } catch (error) {
      console.error(`audit checkpoint for ${file} failed at exit`, error);
    }
  }
}

/**
 * Told after the commit of every append (log.ts, afterCommit): arms a checkpoint within
 * CHECKPOINT_EVERY_MS, one soon after the commit that reaches CHECKPOINT_EVERY_EVENTS events, and
 * one at exit. The append itself only counts, so bulk changes pay neither for reading back nor
 * for signing.
 */
export function noteAuditAppended(location: string, count: number): void {
  if (!digestDirFor(location) || !signingKey()) return;
  let p = pending.get(location);
  if (!p)
    pending.set(
      location,
      (p = { appended: 0, timer: null, settle: null, dueBy: null, current: null, again: false, lastRefusal: null }),
    );
  p.appended += count;
  const entry = p;
  p.timer ??= setTimeout(() => void checkpointInBackground(location, entry), CHECKPOINT_EVERY_MS).unref();
  if (p.appended >= CHECKPOINT_EVERY_EVENTS) {
    p.dueBy ??= Date.now() + SETTLE_AT_MOST_MS;
    if (p.settle) clearTimeout(p.settle);
    p.settle = setTimeout(
      () => void checkpointInBackground(location, entry),
      Math.max(0, Math.min(SETTLE_MS, p.dueBy - Date.now())),
    ).unref();
  }
  // Once per process, whichever copy of this module appends first (db/process-wide.ts).
  processWide("auditExitHook", () => process.once("exit", checkpointAtExit));
}
