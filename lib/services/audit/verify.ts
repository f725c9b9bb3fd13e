import "server-only";
import path from "node:path";
import { readDigests, type Checkpoint, type DigestReadout } from "./checkpoints";
import { GENESIS_HASH, START } from "./chain";
import { chainKey, digestDirFor, requireSigningKey } from "./keys";
import { say, type AuditProblem, type AuditVerdict } from "./verdict";
import { openChainReader, type ChainReader } from "./reader";
import { ask, runAsync, runSync, walkChain, type Steps, type WalkStart } from "./walk";

/** Logs up to this size are re-read whole even by the quick check (~0.3 s); bigger ones from the newest checkpoint on. */
export const WHOLE_WALK_UP_TO = 50_000;

export type VerifyOptions = {
  /** Re-read every event, and every checkpoint ever written (`--full`). */
  full?: boolean;
  wholeWalkUpTo?: number;
  /** The digest folder; by default the database's own. */
  dir?: string;
  /** A backup or a restored copy: checkpointed events after its head are counted in `lacks`, not reported as a problem. */
  upToOwnHead?: boolean;
  /** Also computes the public digest of the head (for a restore record); implies reading from event 1. */
  withDigest?: boolean;
};

const NO_DIGESTS: DigestReadout = { anchors: { active: [], restores: [] }, bad: [], files: 0 };

/**
 * Checks the audit log against its key and its signed checkpoints:
 * 1. the newest checkpoint in force must match the database (same hash at its seq; otherwise the
 *    newest one that still matches is found, and everything after it is suspect), and the
 *    database must reach it (otherwise it was truncated or rolled back to an older copy);
 * 2. no event may be missing (count against the head), and the keyed-from mark must be the signed one;
 * 3. every event after that checkpoint — or every event, for `full` or a small log — must hash,
 *    with the key, to its stored hash and link to the one before.
 * Reads through a connection of its own (one snapshot; the app keeps writing), pausing as it goes.
 */
function* verifySteps(location: string, opts: VerifyOptions): Steps<AuditVerdict> {
  const reader: ChainReader = yield* ask(openChainReader(location));
  try {
    return yield* verifyThrough(reader, { ...opts, dir: opts.dir ?? digestDirFor(location) ?? undefined });
  } finally {
    yield* ask(reader.close());
  }
}

/** Verify over a reader the caller holds (e.g. the snapshot a PostgreSQL backup dumps); `dir` names the checkpoints. */
export function verifyAuditReader(reader: ChainReader, opts: VerifyOptions): Promise<AuditVerdict> {
  return runAsync(verifyThrough(reader, opts));
}

function* verifyThrough(reader: ChainReader, opts: VerifyOptions): Steps<AuditVerdict> {
  const key = chainKey();
  const publicKey = requireSigningKey().publicKey;
  const dir = opts.dir ?? null;
  const keyedFrom = yield* ask(reader.keyedFrom());
  const head = yield* ask(reader.head());
  const events = yield* ask(reader.count());
  // The database's hash at each checkpoint's seq, asked once per seq before it is compared.
  const hashes = new Map<number, string | null>();
  function* askHashes(checkpoints: Checkpoint[]): Steps<void> {
    for (const c of checkpoints)
      if (c.seq <= head.seq && !hashes.has(c.seq)) hashes.set(c.seq, yield* ask(reader.hashAt(c.seq)));
  }
  const matches = (c: Checkpoint) => hashes.get(c.seq) === c.headHash;
  const read = (all: boolean) => (dir ? readDigests(dir, publicKey, { all }) : NO_DIGESTS);
  let readout = read(Boolean(opts.full));
  // Something is wrong: the older checkpoints say how far back.
  const newest = readout.anchors.active.at(-1);
  if (newest) yield* askHashes([newest]);
  if (!opts.full && newest && (newest.seq > head.seq || !matches(newest))) readout = read(true);
  yield* askHashes(readout.anchors.active);
  const { anchors } = readout;

  const problems: AuditProblem[] = [];
  const notes: string[] = [];
  let trusted = head.seq;
  let lacks = 0;
  const distrustAfter = (seq: number) => (trusted = Math.min(trusted, seq));
  for (const bad of readout.bad)
    problems.push({
      kind: "bad checkpoint",
      seq: bad.seq ?? 0,
      message: say.badCheckpoint(`${path.basename(bad.file)}:${bad.line}`, bad.why),
    });

  const anchor = anchors.active.at(-1) ?? null;
  let differing: Checkpoint | null = null;
  const matching = [...anchors.active].reverse().find((c) => c.seq <= head.seq && matches(c)) ?? null;
  if (keyedFrom > 1) notes.push(say.legacy(keyedFrom, head.seq));
  for (const { restore, gaveUp } of anchors.restores) notes.push(say.restored(restore, gaveUp));
  if (!anchor) notes.push(say.noCheckpoint());
  else {
    notes.push(say.anchored(anchor));
    if (anchor.seq > head.seq) {
      lacks = anchor.seq - head.seq;
      if (opts.upToOwnHead) notes.push(say.lacks(lacks, anchor));
      else if (matching?.seq === head.seq)
        problems.push({
          kind: "rolled back",
          seq: head.seq + 1,
          message: say.rolledBack(head.seq, matching, anchor),
        });
      else problems.push({ kind: "truncated", seq: head.seq + 1, message: say.truncated(head.seq, anchor) });
    }
    // Every checkpoint after the newest matching one, within the database's range, differs from it.
    differing = anchors.active.find((c) => c.seq > (matching?.seq ?? 0) && c.seq <= head.seq) ?? null;
    if (differing)
      problems.push({ kind: "rewritten", seq: differing.seq, message: say.rewritten(differing, matching?.seq ?? 0) });
    if (anchor.keyedFrom !== keyedFrom) {
      problems.push({
        kind: "keyed-from changed",
        seq: Math.min(keyedFrom, anchor.keyedFrom),
        message: say.keyedFromMoved(keyedFrom, anchor.keyedFrom),
      });
      distrustAfter(Math.min(keyedFrom, anchor.keyedFrom) - 1);
    }
  }

  const whole =
    Boolean(opts.full || opts.withDigest) || head.seq <= (opts.wholeWalkUpTo ?? WHOLE_WALK_UP_TO) || !matching;
  const start: WalkStart =
    whole || !matching
      ? { ...START, digest: GENESIS_HASH }
      : { seq: matching.seq, hash: matching.headHash, digest: matching.digest };
  if (events !== head.seq) {
    const missing = yield* ask(reader.firstMissingSeq());
    // The walk finds gaps after its start itself.
    if (missing <= start.seq) {
      problems.push({ kind: "gap", seq: missing, message: say.gap(missing) });
      distrustAfter(missing - 1);
    }
  }
  if (!whole && matching) notes.push(say.notReread(matching.seq));
  if (anchor && head.seq > anchor.seq) notes.push(say.since(head.seq - anchor.seq));

  const walk = yield* walkChain(reader, start, { key, keyedFrom, withDigest: Boolean(opts.withDigest) });
  if (walk.fault) {
    const { kind, seq } = walk.fault;
    const message =
      kind === "gap" ? say.gap(walk.last.seq + 1) : kind === "edited" ? say.edited(seq) : say.brokenLink(seq);
    problems.push({ kind, seq: kind === "gap" ? walk.last.seq + 1 : seq, message });
    if (kind === "edited" && seq === Math.max(keyedFrom, start.seq + 1) && matching && matching.seq >= seq)
      notes.push(say.wrongKey());
    distrustAfter(walk.last.seq);
  }
  // Events the key vouches for but a checkpoint contradicts were re-chained by someone with the
  // key: only the checkpoint before them still holds. (A fault found by the walk explains it otherwise.)
  if (differing && !(walk.fault && walk.fault.seq <= differing.seq)) distrustAfter(matching?.seq ?? 0);
  problems.sort((a, b) => a.seq - b.seq);
  return {
    intact: problems.length === 0,
    whole,
    events,
    head: { seq: head.seq, hash: head.hash, digest: walk.fault ? null : walk.last.digest },
    checkedFrom: start.seq + 1,
    anchor: anchor && { seq: anchor.seq, at: anchor.at },
    lastTrustworthySeq: trusted,
    lacks,
    problems,
    notes,
  };
}

/** For the server: pauses between slices so other requests keep being served. */
export function verifyAuditLog(location: string, opts: VerifyOptions = {}): Promise<AuditVerdict> {
  return runAsync(verifySteps(location, opts));
}

/** SQLite only (its reader answers synchronously). */
export function verifyAuditLogSync(file: string, opts: VerifyOptions = {}): AuditVerdict {
  return runSync(verifySteps(file, opts));
}
