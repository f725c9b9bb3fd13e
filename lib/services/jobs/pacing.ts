/**
 * How the job runner shares the server's one event loop with the pages (issue 12: a 100,000-row
 * job once pushed simple GETs from 58 ms to 3 s). Each batch aims at BATCH_TARGET_MS of work; while
 * nobody else needs the loop the runner goes on at once, and while requests are being served it
 * takes at most BUSY_SHARE of the time. Pure functions, so the policy is tested without a clock.
 */

/** Work per batch: a page waiting behind one batch hardly notices it. */
import "server-only";
export const BATCH_TARGET_MS = 20;
/** The runner's share of the event loop while others want it. */
export const BUSY_SHARE = 0.25;
/** Others' work on the event loop since the last batch above which the server counts as busy. */
const BUSY_ABOVE_MS = 1;
const MAX_BATCH = 5000;

/**
 * The next batch's size from the last one's: scaled to the time target, growing at most twofold
 * per batch (one quick batch may be luck, e.g. rows already in cache) and shrinking at once.
 */
export function nextBatchSize(size: number, elapsedMs: number): number {
  const ideal = elapsedMs > 0 ? (size * BATCH_TARGET_MS) / elapsedMs : size * 2;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(Math.min(ideal, size * 2))));
}

/**
 * How much longer to wait before the next batch, given how long the last one took, the time since
 * it ended, and how much of that time others kept the event loop busy. 0: go on now.
 */
export function waitBeforeNextBatch(input: {
  lastBatchMs: number;
  sinceBatchMs: number;
  othersActiveMs: number;
}): number {
  if (input.othersActiveMs <= BUSY_ABOVE_MS) return 0;
  const owed = (input.lastBatchMs * (1 - BUSY_SHARE)) / BUSY_SHARE;
  return Math.max(0, Math.ceil(owed - input.sinceBatchMs));
}
