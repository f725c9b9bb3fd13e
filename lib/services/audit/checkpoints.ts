import "server-only";
import { sign, verify, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { keyIdOf, publicKeyPem, type SigningKey } from "./keys";

/**
 * A signed statement about the chain, appended to the digest folder outside the database:
 * "the log held `count` events, the last one `seq` with hash `headHash`, and the public digest of
 * events 1..seq was `digest`, at `at`". A "restore" record says the same of a database restored
 * from a backup, and that the `lacks` checkpointed events after it were given up: an honest record
 * of the loss, never a rewrite of history.
 *
 * Over 200 lines because writing, reading and checking a record share its canonical form and
 * signature, kept in one file so they cannot drift apart.
 */
export type Checkpoint = {
  kind: "checkpoint" | "restore";
  seq: number;
  headHash: string;
  count: number;
  keyedFrom: number;
  digest: string;
  at: string;
  keyId: string;
  sig: string;
  lacks?: number;
  backup?: string;
};

export type CheckpointFields = Omit<Checkpoint, "keyId" | "sig">;

/** The signed bytes: every field in a fixed order, so a verifier rebuilds them exactly. */
function signedBytes(c: Omit<Checkpoint, "sig">): Buffer {
  return Buffer.from(
    JSON.stringify([
      "mailgate-audit-checkpoint/1",
      c.kind,
      c.seq,
      c.headHash,
      c.count,
      c.keyedFrom,
      c.digest,
      c.at,
      c.keyId,
      c.lacks ?? null,
      c.backup ?? null,
    ]),
  );
}

export function signCheckpoint(fields: CheckpointFields, key: SigningKey): Checkpoint {
  const unsigned = { ...fields, keyId: key.keyId };
  return { ...unsigned, sig: sign(null, signedBytes(unsigned), key.privateKey).toString("base64") };
}

export function isSignedBy(c: Checkpoint, publicKey: KeyObject): boolean {
  if (c.keyId !== keyIdOf(publicKey)) return false;
  try {
    const { sig, ...unsigned } = c;
    return verify(null, signedBytes(unsigned), publicKey, Buffer.from(sig, "base64"));
  } catch {
    return false;
  }
}

const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/;

/** One append-only file per UTC day, so the newest checkpoints are found without reading a year of them. */
export const digestFileName = (at: Date) => `checkpoints-${at.toISOString().slice(0, 10)}.jsonl`;
export const publicKeyFileName = (keyId: string) => `public-key-${keyId}.pem`;

/**
 * Appends one record as one line and syncs it to disk: appends by several processes never
 * interleave a line, and a file's earlier lines are never rewritten. The public key goes beside
 * the records the first time, so the folder can be checked on its own.
 */
export function appendCheckpoint(dir: string, c: Checkpoint, key: SigningKey): string {
  fs.mkdirSync(dir, { recursive: true });
  const pem = path.join(dir, publicKeyFileName(key.keyId));
  if (!fs.existsSync(pem)) fs.writeFileSync(pem, publicKeyPem(key.publicKey), { flag: "wx" });
  const file = path.join(dir, digestFileName(new Date(c.at)));
  const fd = fs.openSync(file, "a");
  try {
    fs.writeSync(fd, `${JSON.stringify(c)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

export type StoredCheckpoint = { checkpoint: Checkpoint; file: string; line: number };
export type BadRecord = { file: string; line: number; seq: number | null; why: string };

export function listDigestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => FILE.test(name))
    .sort()
    .map((name) => path.join(dir, name));
}

const isCheckpoint = (v: unknown): v is Checkpoint => {
  const c = v as Checkpoint;
  return (
    typeof c === "object" &&
    c !== null &&
    (c.kind === "checkpoint" || c.kind === "restore") &&
    Number.isSafeInteger(c.seq) &&
    Number.isSafeInteger(c.count) &&
    Number.isSafeInteger(c.keyedFrom) &&
    [c.headHash, c.digest, c.at, c.keyId, c.sig].every((s) => typeof s === "string")
  );
};

function parseDigestFiles(files: string[]): { records: StoredCheckpoint[]; bad: BadRecord[] } {
  const records: StoredCheckpoint[] = [];
  const bad: BadRecord[] = [];
  for (const file of files) {
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((text, i) => {
        if (!text.trim()) return;
        let value: unknown = null;
        try {
          value = JSON.parse(text);
        } catch {
          // reported below
        }
        if (isCheckpoint(value)) records.push({ checkpoint: value, file, line: i + 1 });
        else bad.push({ file, line: i + 1, seq: null, why: "not a checkpoint record" });
      });
  }
  return { records, bad };
}

function signatureProblem(r: StoredCheckpoint, publicKey: KeyObject): BadRecord | null {
  if (isSignedBy(r.checkpoint, publicKey)) return null;
  const why =
    r.checkpoint.keyId === keyIdOf(publicKey)
      ? "its signature does not verify"
      : `it is signed by another key (${r.checkpoint.keyId})`;
  return { file: r.file, line: r.line, seq: r.checkpoint.seq, why };
}

export type Anchors = {
  /** Checkpoints still in force, ascending by seq. */
  active: Checkpoint[];
  /** Restores, each with the checkpoints it gave up. */
  restores: { restore: Checkpoint; gaveUp: { from: number; to: number } | null }[];
};

/**
 * The checkpoints in force, in the order they were written: a restore record gives up the
 * checkpoints after its seq written before it (the events the backup lacks) and anchors the
 * restored head instead; everything else stays in force.
 */
export function anchorsOf(records: StoredCheckpoint[]): Anchors {
  let active: Checkpoint[] = [];
  const restores: Anchors["restores"] = [];
  for (const { checkpoint } of records) {
    if (checkpoint.kind === "restore") {
      const dropped = active.filter((c) => c.seq > checkpoint.seq);
      active = active.filter((c) => c.seq <= checkpoint.seq);
      restores.push({
        restore: checkpoint,
        gaveUp: dropped.length ? { from: checkpoint.seq + 1, to: Math.max(...dropped.map((c) => c.seq)) } : null,
      });
    }
    active.push(checkpoint);
  }
  return { active: active.sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at)), restores };
}

export type DigestReadout = { anchors: Anchors; bad: BadRecord[]; files: number };

/**
 * The checkpoints in force, from every file (`all`: each record's signature checked), or only from
 * the newest file for a quick check: there only restore records and the newest checkpoint whose
 * signature verifies are used (and checked), so a busy day's thousand records cost one signature
 * check, not a thousand. Records that fail are reported, never trusted.
 */
export function readDigests(dir: string, publicKey: KeyObject, { all }: { all: boolean }): DigestReadout {
  const files = listDigestFiles(dir);
  const { records, bad } = parseDigestFiles(all ? files : files.slice(-1));
  const trusted = records.filter((r) => {
    if (!all && r.checkpoint.kind !== "restore") return true;
    const problem = signatureProblem(r, publicKey);
    if (problem) bad.push(problem);
    return !problem;
  });
  const anchors = anchorsOf(trusted);
  if (!all) {
    const stored = new Map(trusted.map((r) => [r.checkpoint, r]));
    const newest = [...anchors.active].reverse().find((c) => {
      const problem = c.kind === "restore" ? null : signatureProblem(stored.get(c)!, publicKey);
      if (problem) bad.push(problem);
      return !problem;
    });
    anchors.active = newest ? [newest] : [];
  }
  return { anchors, bad: bad.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line), files: files.length };
}

/** Every record of some files, each checked against the public key (for an exported file). */
export function readDigestFiles(
  files: string[],
  publicKey: KeyObject,
): { records: StoredCheckpoint[]; bad: BadRecord[] } {
  const { records, bad } = parseDigestFiles(files);
  const good = records.filter((r) => {
    const problem = signatureProblem(r, publicKey);
    if (problem) bad.push(problem);
    return !problem;
  });
  return { records: good, bad };
}
