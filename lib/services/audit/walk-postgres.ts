import "server-only";
import type { Pool, PoolClient } from "pg";
import { GENESIS_HASH, START } from "./chain";
import { pgChainReader } from "./reader";
import { runAsync, walkChain } from "./walk";

/**
 * The audit chain walked on PostgreSQL from its first event (issue 19), as walk.ts walks it: each
 * event must follow the one before (seq), link to its hash (prev_hash) and give its own hash again
 * with the key (or, before `keyedFrom`, without it). Reads through the caller's connection, e.g.
 * inside the transaction that copied the events (db/pg/copy.ts).
 */
export type PgWalk = { events: number; headSeq: number; headHash: string | null; fault: string | null };

/**
 * `visit` is called for each event that fits, with the public digest up to it (chain.ts,
 * nextDigest), e.g. to hold it against the signed checkpoints at its seq.
 */
export async function walkPgChain(
  client: Pool | PoolClient,
  key: Buffer,
  keyedFrom: number,
  visit?: (seq: number, hash: string, digest: string) => void,
): Promise<PgWalk> {
  const walk = await runAsync(
    walkChain(
      pgChainReader(client),
      { ...START, digest: GENESIS_HASH },
      { key, keyedFrom, withDigest: true, visit: visit && ((seq, hash, digest) => visit(seq, hash, digest!)) },
    ),
  );
  return {
    events: walk.walked,
    headSeq: walk.last.seq,
    headHash: walk.walked ? walk.last.hash : null,
    fault: walk.fault && `${walk.fault.kind} at event ${walk.fault.seq}`,
  };
}
