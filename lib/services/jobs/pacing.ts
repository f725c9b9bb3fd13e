/**
 * How the job runner shares the server's one event loop with the pages (issue 12: a 100,000-row
 * job once made simple GETs some fifty times slower). While requests are being served each batch
 * aims at BATCH_TARGET_MS of CPU work and the runner takes at most BUSY_SHARE of the time; while
 * nobody else needs the loop it goes on at once, with batches of IDLE_BATCH_MAX_MS. Pure
 * functions, so the policy is tested without a clock.
 */

import "server-only";
/** CPU work per batch while others want the loop: a page waiting behind one batch hardly notices it. */
export const BATCH_TARGET_MS = 20;
/**
 * CPU work per batch while nobody else needs the loop: a request that arrives meanwhile waits for
 * at most this. Less would delay no one and cost more commits and per-batch reads: on PostgreSQL,
 * whose commits are quick, batches sized for the commit alone stayed near BATCH_TARGET_MS, and a
 * 10,000-row approval took 70 batches and 3.8 s instead of 16 and 2.9 s (bench/README.md, "Session 16").
 */
export const IDLE_BATCH_MAX_MS = 100;
/** The runner's share of the event loop while others want it. */
export const BUSY_SHARE = 0.25;
/** Others' work on the event loop since the last batch above which the server counts as busy. */
export const BUSY_ABOVE_MS = 1;
const MAX_BATCH = 5000;

/** Milliseconds of CPU in a `process.cpuUsage()` difference. */
export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** How much work the next batch aims at: BATCH_TARGET_MS while others want the loop, else IDLE_BATCH_MAX_MS. */
export function batchTargetMs(input: { isBusy: boolean }): number {
  return input.isBusy ? BATCH_TARGET_MS : IDLE_BATCH_MAX_MS;
}

/**
 * The next batch's size from the last one's: scaled to the time target, growing at most twofold
 * per batch (one quick batch may be luck, e.g. rows already in cache) and shrinking at once.
 */
export function nextBatchSize(size: number, elapsedMs: number, targetMs = BATCH_TARGET_MS): number {
  const ideal = elapsedMs > 0 ? (size * targetMs) / elapsedMs : size * 2;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(Math.min(ideal, size * 2))));
}

/** While it waits its turn, the runner looks again this often… */
export const LOOK_AGAIN_MS = 10;

/**
 * How much longer to wait before the next batch, given how long the last one took, the time since
 * it ended, how much of that time others kept the event loop busy, and how much since the runner
 * last looked (null: it has not looked since the batch). 0: go on now. …and goes on as soon as a
 * whole look went by without others on the loop: a blip (a timer, a collection) after a batch
 * owes nothing once it is over, while requests that keep coming keep the runner to its share.
 */
export function waitBeforeNextBatch(input: {
  lastBatchMs: number;
  sinceBatchMs: number;
  othersActiveMs: number;
  othersSinceLookMs: number | null;
}): number {
  if (!isLoopBusy(input)) return 0;
  const owed = (input.lastBatchMs * (1 - BUSY_SHARE)) / BUSY_SHARE;
  return Math.max(0, Math.ceil(owed - input.sinceBatchMs));
}

/**
 * Whether others want the event loop: they used it since the last batch, and still did during the
 * runner's last look, if it looked. A blip after a batch (a timer, or a garbage collection, which
 * after a large batch took 10–45 ms) is no request waiting: it neither delays the next batch nor
 * shrinks it to the busy target (it did, to a fifth, several times in a 10,000-row job).
 */
export function isLoopBusy(input: { othersActiveMs: number; othersSinceLookMs: number | null }): boolean {
  if (input.othersActiveMs <= BUSY_ABOVE_MS) return false;
  return input.othersSinceLookMs === null || input.othersSinceLookMs > BUSY_ABOVE_MS;
}
