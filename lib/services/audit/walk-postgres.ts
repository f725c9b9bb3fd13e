import "server-only";
import type { Pool, PoolClient } from "pg";
import { canonicalOfRaw, GENESIS_HASH, nextDigest } from "./chain";
import { rowFault } from "./walk";

/**
 * The audit chain walked on PostgreSQL (issue 19), event by event, as walk.ts walks SQLite's: each
 * event must follow the one before (seq), link to its hash (prev_hash) and give its own hash again
 * with the key (or, before `keyedFrom`, without it). Pages of PAGE events by seq, so a million
 * events never sit in memory.
 */
export type PgWalk = { events: number; headSeq: number; headHash: string | null; fault: string | null };

const PAGE = 5000;
/** The columns in canonical order, then prev_hash and hash, then the token (chain.ts, chainColumns); the instant in epoch ms. */
const COLUMNS =
  "seq, (extract(epoch from at) * 1000)::float8 as at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, before, after, reason, client_ip, user_agent, prev_hash, hash, token_id, token_name";

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
  let seq = 0;
  let hash = GENESIS_HASH;
  let digest = GENESIS_HASH;
  let events = 0;
  for (;;) {
    const { rows } = await client.query<unknown[]>({
      text: `select ${COLUMNS} from audit_events where seq > $1 order by seq limit ${PAGE}`,
      values: [seq],
      rowMode: "array",
    });
    for (const raw of rows) {
      const canonical = canonicalOfRaw(raw);
      const fault = rowFault(raw, canonical, { seq, hash }, { key, keyedFrom });
      if (fault) return { events, headSeq: seq, headHash: events ? hash : null, fault: `${fault} at event ${raw[0]}` };
      seq = raw[0] as number;
      hash = raw[15] as string;
      events++;
      if (visit) visit(seq, hash, (digest = nextDigest(digest, hash, canonical)));
    }
    if (rows.length < PAGE) return { events, headSeq: seq, headHash: events ? hash : null, fault: null };
  }
}
