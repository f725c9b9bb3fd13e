/**
 * How the job runner shares the server's one event loop with the pages (issue 12: a 100,000-row
 * job once made simple GETs some fifty times slower). Each batch aims at BATCH_TARGET_MS of CPU work; while
 * nobody else needs the loop the runner goes on at once, with batches large enough that their
 * commits (an fsync each under synchronous = FULL) stay a small share of the time, and while
 * requests are being served it takes at most BUSY_SHARE of the time. Pure functions, so the policy
 * is tested without a clock.
 */

/** CPU work per batch: a page waiting behind one batch hardly notices it. */
import "server-only";
export const BATCH_TARGET_MS = 20;
/** While nobody else needs the loop, a batch grows until its commit is at most this share of it… */
export const IDLE_COMMIT_SHARE = 0.2;
/** …but never past this much work: a request that arrives meanwhile waits for the batch. */
export const IDLE_BATCH_MAX_MS = 100;
/** The runner's share of the event loop while others want it. */
export const BUSY_SHARE = 0.25;
/** Others' work on the event loop since the last batch above which the server counts as busy. */
export const BUSY_ABOVE_MS = 1;
const MAX_BATCH = 5000;

/** Milliseconds of CPU in a `process.cpuUsage()` difference. */
export const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * How much work the next batch aims at: BATCH_TARGET_MS while others want the loop; while nobody
 * does, enough that the commit (begin, fsync, the job's progress) is at most IDLE_COMMIT_SHARE of
 * the batch, up to IDLE_BATCH_MAX_MS. A slow disk then means fewer commits, not more.
 */
export function batchTargetMs(input: { isBusy: boolean; commitMs: number }): number {
  if (input.isBusy) return BATCH_TARGET_MS;
  const amortized = (input.commitMs * (1 - IDLE_COMMIT_SHARE)) / IDLE_COMMIT_SHARE;
  return Math.min(IDLE_BATCH_MAX_MS, Math.max(BATCH_TARGET_MS, amortized));
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
