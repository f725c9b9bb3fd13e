import "server-only";
import type { KeyObject } from "node:crypto";
import { readDigestFiles, type BadRecord, type Checkpoint } from "./checkpoints";
import { GENESIS_HASH, START } from "./chain";
import { openChainReader, type ChainReader } from "./reader";
import { ask, runAsync, walkChain, type ChainFault, type Steps } from "./walk";

export type PublicCheck = {
  /** Records in the file whose signature verifies with the public key. */
  signed: Checkpoint[];
  bad: BadRecord[];
  /** Present when a database was given: how it compares with the signed records. */
  database: null | {
    head: number;
    /** Signed records whose seq, hash and public digest the database reproduces. */
    matched: number;
    mismatch: { seq: number; why: string } | null;
    /** Checkpointed events the database does not have. */
    lacks: number;
  };
};

/**
 * What anyone can check with the public key alone, e.g. on another machine: the signatures of an
 * exported checkpoint file, and, given a copy of the database, that its events reproduce each
 * checkpoint's head hash and public digest (an unkeyed SHA-256 chain over every event's contents
 * and stored hash). Event hashes themselves need the secret key and are not recomputed here.
 */
export function checkDigestFile(file: string, publicKey: KeyObject, database: string | null): Promise<PublicCheck> {
  return runAsync(publicCheckSteps(file, publicKey, database));
}

function* publicCheckSteps(file: string, publicKey: KeyObject, database: string | null): Steps<PublicCheck> {
  const readout = readDigestFiles([file], publicKey);
  const signed = readout.records.map((r) => r.checkpoint).sort((a, b) => a.seq - b.seq);
  if (!database) return { signed, bad: readout.bad, database: null };
  const reader: ChainReader = yield* ask(openChainReader(database));
  try {
    const head = yield* ask(reader.head());
    const keyedFrom = yield* ask(reader.keyedFrom());
    const bySeq = new Map<number, Checkpoint[]>();
    for (const c of signed) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
    let matched = 0;
    let mismatch: { seq: number; why: string } | null = null;
    const last = signed.at(-1)?.seq ?? 0;
    const walk = yield* walkChain(
      reader,
      { ...START, digest: GENESIS_HASH },
      {
        key: null,
        keyedFrom,
        to: last,
        withDigest: true,
        visit: (seq, hash, digest) => {
          for (const c of bySeq.get(seq) ?? []) {
            if (c.headHash === hash && c.digest === digest) matched += 1;
            else
              mismatch ??= {
                seq,
                why:
                  c.headHash !== hash
                    ? "its hash differs from the signed head hash"
                    : "the events up to it do not reproduce the signed digest",
              };
          }
        },
      },
    );
    const fault: ChainFault | null = walk.fault;
    if (fault)
      mismatch ??= {
        seq: fault.seq,
        why: fault.kind === "gap" ? "events before it are missing" : "it does not link to the event before it",
      };
    return {
      signed,
      bad: readout.bad,
      database: { head: head.seq, matched, mismatch, lacks: Math.max(0, last - head.seq) },
    };
  } finally {
    yield* ask(reader.close());
  }
}
