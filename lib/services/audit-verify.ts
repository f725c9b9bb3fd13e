import type { Db } from "@/db/client";
import { chainHash, GENESIS_HASH } from "./audit-log";
import { auditRowFromSql, openAuditReader } from "./audit-search";

export type ChainProblem = "hash mismatch" | "gap" | "broken link";

export type ChainVerdict =
  | { intact: true; count: number }
  /** `count` is how many events were read, up to and including the first bad one. */
  | { intact: false; count: number; firstBadSeq: number; problem: ChainProblem };

/** Rows checked between yields, so a long walk never holds up other requests for long. */
const ROWS_PER_SLICE = 5_000;

/**
 * Walks the hash chain in seq order, one row at a time (a million events never sit in memory),
 * and stops at the first event that does not fit:
 * - "gap": its seq is not the next number — events before it were deleted (or renumbered);
 * - "broken link": its prev_hash is not the previous event's hash — an event before it was
 *   deleted, inserted or rewritten with a recomputed hash;
 * - "hash mismatch": its own fields no longer hash to its stored hash — it was edited, or
 *   inserted without the right hash.
 * A million events take seconds, so the walk yields to the event loop as it goes. It reads
 * through a connection of its own: an open iterator makes better-sqlite3 refuse writes on its
 * connection, and the app's must keep writing meanwhile. The reader also sees one snapshot.
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerdict> {
  const reader = openAuditReader(db);
  try {
    let count = 0;
    let expectedSeq = 1;
    let previousHash = GENESIS_HASH;
    for (const raw of reader.$client.prepare("SELECT * FROM audit_events ORDER BY seq").iterate()) {
      const { hash, prevHash, ...fields } = auditRowFromSql(raw as Record<string, unknown>);
      count += 1;
      const problem: ChainProblem | null =
        fields.seq !== expectedSeq ? "gap" : prevHash !== previousHash ? "broken link" : chainHash(prevHash, fields) !== hash ? "hash mismatch" : null;
      // Leaving the loop closes the iterator before the connection is closed.
      if (problem) return { intact: false, count, firstBadSeq: fields.seq, problem };
      expectedSeq = fields.seq + 1;
      previousHash = hash;
      if (count % ROWS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return { intact: true, count };
  } finally {
    reader.$client.close();
  }
}

/** One line for people: "Intact, 12 events" or where the chain breaks. */
export function describeVerdict(verdict: ChainVerdict): string {
  if (verdict.intact) return `Intact, ${verdict.count} ${verdict.count === 1 ? "event" : "events"}`;
  const why: Record<ChainProblem, string> = {
    gap: "its sequence number is not the next one, so events before it are missing",
    "broken link": "it does not link to the event before it, so an event before it was removed, inserted or rewritten",
    "hash mismatch": "its contents no longer match its hash, so it was edited or forged",
  };
  return `Broken at event ${verdict.firstBadSeq} (${verdict.problem}): ${why[verdict.problem]}`;
}
