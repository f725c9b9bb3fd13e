import "server-only";
import { first } from "@/db/query";
import { AsyncResource } from "node:async_hooks";
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobInputs } from "@/db/schema";
import { runJobBatch, stopJob, type BatchStep } from "./batch";
import { commitJob } from "./commit";
import { claimableJobs, claimJob, HEARTBEAT_MS, newOwnerId, pauseLeasedJobs, renewLeases } from "./lease";
import { batchTargetMs, cpuMs, isLoopBusy, LOOK_AGAIN_MS, nextBatchSize, waitBeforeNextBatch } from "./pacing";
import { isTransientDbError } from "@/db/errors";
import { retryDelayMs } from "./retry";
import type { JobInputs, JobKind, JobKinds, JobStart } from "./types";
import { jobViews } from "./views";
import { mapInOrder } from "@/lib/in-order";

export type {
  BatchResult,
  JobContext,
  JobFailure,
  JobFilter,
  JobKind,
  JobKinds,
  JobResult,
  JobStatus,
  JobView,
} from "./types";

/**
 * Long-running work in the background of a server process, kept in bulk_jobs so progress survives
 * restarts. A job is a kind, its params and a fixed list of item ids taken when it starts.
 *
 * One scheduler per process runs the jobs it holds the lease of (lease.ts), one batch at a
 * time in turn, each batch ~20 ms of work, yielding to the pages between batches and taking at
 * most a quarter of the event loop while they are busy (pacing.ts). `start` (at server boot)
 * adds a heartbeat that renews the leases and takes over jobs nobody holds: left by a crash, paused
 * at a shutdown, or queued by another process. `pause` (at SIGTERM) stops between two batches.
 *
 * Over 200 lines because the loop and the lease's lifecycle share one state (the jobs held, the
 * loop's next turn); the steps themselves live in job-batch, job-lease, job-commit and job-pacing.
 */

const DEFER_LIMIT_MS = 5000;

type LoopSnapshot = { elu: EventLoopUtilization; cpu: NodeJS.CpuUsage };
const loopSnapshot = (): LoopSnapshot => ({ elu: performance.eventLoopUtilization(), cpu: process.cpuUsage() });
/**
 * Milliseconds others kept the event loop busy since the snapshot: time it was both active and on a
 * CPU, since on a crowded machine the process also waits for a CPU, which is nobody's work.
 */
const othersActiveSince = (since: LoopSnapshot) =>
  Math.min(performance.eventLoopUtilization(since.elu).active, cpuMs(process.cpuUsage(since.cpu)));
type Held = { db: Db; jobId: number; batchSize: number; attempts: number; notBefore: number };
export type RunnerOptions = {
  /** Fixes every batch's size (tests use small batches to see a job mid-way); by default batches are sized by time. */
  batchSize?: number;
  /** The lease owner's name; tests give two runners on one database two names. */
  owner?: string;
  clock?: () => Date;
};

export function createJobRunner(kinds: JobKinds, options: RunnerOptions = {}) {
  const owner = options.owner ?? newOwnerId();
  const clock = options.clock ?? (() => new Date());
  const views = jobViews(kinds);
  const held = new Map<string, Held>();
  const inputsCache = new Map<string, JobInputs>();
  const settledWaiters = new Map<number, (() => void)[]>();
  // Jobs are keyed by database too: tests open a database per test, and job ids restart in each.
  const dbIds = new WeakMap<Db, number>();
  let dbCount = 0;
  const keyOf = (db: Db, jobId: number) => {
    if (!dbIds.has(db)) dbIds.set(db, ++dbCount);
    return `${dbIds.get(db)}:${jobId}`;
  };
  let isStopping = false;
  // Batches and heartbeats under way: on PostgreSQL they await the database, and a shutdown lets them end first.
  const underWay = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    underWay.add(work);
    return work.finally(() => underWay.delete(work));
  };
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let next: { at: number; cancel: () => void } | null = null;
  let turn = 0;
  let last = { endedAt: 0, ms: 0, ...loopSnapshot() };
  // Where the loop stood when the runner last looked while waiting its turn (null: not since the batch).
  let look: LoopSnapshot | null = null;

  // A job's params and item ids never change once stored: read once per job, not per batch.
  const inputsOf =
    (db: Db) =>
    async (jobId: number): Promise<JobInputs> => {
      const key = keyOf(db, jobId);
      let found = inputsCache.get(key);
      if (!found) {
        found = (await first(
          db
            .select({ params: bulkJobInputs.params, itemIds: bulkJobInputs.itemIds })
            .from(bulkJobInputs)
            .where(eq(bulkJobInputs.jobId, jobId))
            .limit(1),
        )) as JobInputs;
        inputsCache.set(key, found);
      }
      return found;
    };
  const initialSize = (kind: JobKind) => options.batchSize ?? kind.batchSize ?? 50;

  function hold(db: Db, jobId: number, kind: JobKind, notBefore = 0) {
    const key = keyOf(db, jobId);
    if (!held.has(key)) held.set(key, { db, jobId, batchSize: initialSize(kind), attempts: 0, notBefore });
  }

  function release(entry: Held) {
    const key = keyOf(entry.db, entry.jobId);
    held.delete(key);
    inputsCache.delete(key);
    if ([...held.values()].some((h) => h.jobId === entry.jobId)) return;
    settledWaiters.get(entry.jobId)?.forEach((resolve) => resolve());
    settledWaiters.delete(entry.jobId);
  }

  /**
   * Schedules the next turn of the loop in `delayMs`, unless one is due sooner. Bound to the context
   * the runner was created in (the server's boot), so a job started from a request never carries
   * that request's async context through the rest of its run.
   */
  const wake = AsyncResource.bind((delayMs = 0) => {
    if (isStopping) return;
    const at = performance.now() + delayMs;
    if (next && next.at <= at) return;
    next?.cancel();
    if (delayMs <= 0) {
      const handle = setImmediate(() => void loop());
      next = { at, cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(() => void loop(), delayMs);
      next = { at, cancel: () => clearTimeout(handle) };
    }
  });

  async function loop() {
    next = null;
    if (isStopping || held.size === 0) return;
    const now = performance.now();
    const others = {
      othersActiveMs: othersActiveSince(last),
      othersSinceLookMs: look ? othersActiveSince(look) : null,
    };
    const wait = waitBeforeNextBatch({ lastBatchMs: last.ms, sinceBatchMs: now - last.endedAt, ...others });
    if (wait > 0) {
      look = loopSnapshot();
      return wake(Math.min(wait, LOOK_AGAIN_MS));
    }
    const entries = [...held.values()];
    const ready = entries.filter((h) => h.notBefore <= now);
    if (ready.length === 0) return wake(Math.min(...entries.map((h) => h.notBefore)) - now + 1);
    const entry = ready[turn++ % ready.length]!;
    const started = performance.now();
    const step = await runOne(entry);
    const ended = performance.now();
    last = { endedAt: ended, ms: ended - started, ...loopSnapshot() };
    look = null;
    // Sized by the CPU its work took: a commit's fsync costs the same for one row or a thousand, and
    // a wait for a CPU on a crowded machine is no work of the batch's; shrinking batches for either
    // would only multiply the commits. But never by more than its wall time: the process's CPU also
    // counts its other threads (the WAL checkpoints, the garbage collector's helpers), which made a
    // quiet machine's batches of 70 ms read as 90.
    if (step && step.step === "more" && options.batchSize === undefined) {
      const target = batchTargetMs({ isBusy: isLoopBusy(others) });
      entry.batchSize = nextBatchSize(step.items, Math.min(step.workCpuMs, step.workMs), target);
    }
    wake();
  }

  /** One batch of one job; releases the job when it ended, was lost, or failed. Null: will retry. */
  function runOne(entry: Held): Promise<BatchStep | null> {
    return track(batchOf(entry));
  }

  async function batchOf(entry: Held): Promise<BatchStep | null> {
    try {
      const step = await runJobBatch(entry.db, kinds, {
        jobId: entry.jobId,
        owner,
        size: () => entry.batchSize,
        inputs: inputsOf(entry.db),
        now: clock(),
      });
      entry.attempts = 0;
      if (step.step !== "more") release(entry);
      return step;
    } catch (error) {
      if (isTransientDbError(error)) {
        // The batch rolled back whole: try it again later. The lease is renewed by the heartbeat meanwhile.
        entry.attempts++;
        entry.notBefore = performance.now() + retryDelayMs(entry.attempts);
        if (entry.attempts === 1 || entry.attempts % 10 === 0)
          console.warn(
            `bulk job ${entry.jobId}: another connection holds the write lock; batch retried later (attempt ${entry.attempts})`,
          );
        wake(entry.notBefore - performance.now());
        return null;
      }
      console.error(`bulk job ${entry.jobId} failed`, error);
      try {
        await stopJob(entry.db, entry.jobId, owner, clock(), {
          status: "failed",
          error: "The job stopped on an unexpected error. Details are in the server log.",
        });
      } catch (second) {
        // The database itself is failing: the lease expires and a later start resumes the job.
        console.error(`bulk job ${entry.jobId} could not be marked failed`, second);
      }
      release(entry);
      return null;
    }
  }

  /** Runs the job's next batch now, outside the loop's turns (tests). */
  async function runNextBatch(db: Db, jobId: number): Promise<boolean> {
    const entry = held.get(keyOf(db, jobId));
    return entry ? (await runOne(entry))?.step === "more" : false;
  }

  /**
   * Takes over every job no live process holds, and ends as interrupted those of a kind this
   * server cannot run. Runs at boot, then with every heartbeat.
   */
  async function sweep(db: Db): Promise<{ resumed: number[]; interrupted: number[] }> {
    const resumed: number[] = [];
    const interrupted: number[] = [];
    if (isStopping) return { resumed, interrupted };
    const now = clock();
    for (const job of await claimableJobs(db, now)) {
      if (isStopping) break;
      if (!(await claimJob(db, job.id, owner, now))) continue;
      if (kinds[job.kind]) {
        resumed.push(job.id);
        hold(db, job.id, kinds[job.kind]!);
      } else {
        interrupted.push(job.id);
        await stopJob(db, job.id, owner, now, {
          status: "interrupted",
          interruptedReason: "The server restarted and this kind of job cannot be resumed.",
        });
      }
    }
    if (resumed.length) wake();
    return { resumed, interrupted };
  }

  /** The heartbeat: jobs this process still holds get a later expiry; lost ones are let go; free ones are taken. */
  async function beat(db: Db) {
    try {
      const mine = [...held.values()].filter((h) => h.db === db);
      const kept = await renewLeases(
        db,
        owner,
        mine.map((h) => h.jobId),
        clock(),
      );
      for (const entry of mine) if (!kept.has(entry.jobId)) release(entry);
      await sweep(db);
    } catch (error) {
      console.error("job runner heartbeat failed; trying again", error);
    }
  }

  /** At server start: resume or interrupt what was left at once, then keep a heartbeat. */
  async function start(db: Db): Promise<{ resumed: number[]; interrupted: number[] }> {
    isStopping = false;
    const found = await sweep(db);
    if (!heartbeat) {
      heartbeat = setInterval(() => void track(beat(db)), HEARTBEAT_MS);
      heartbeat.unref();
    }
    return found;
  }

  /**
   * At shutdown: no batch starts after this, the one under way (waiting its turn for the connection,
   * or on PostgreSQL for the database) commits or rolls back whole first, and every job this
   * process holds is recorded as paused, free for the next server to resume.
   */
  async function pause(): Promise<number[]> {
    isStopping = true;
    next?.cancel();
    next = null;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    await Promise.allSettled(underWay);
    const dbs = new Set([...held.values()].map((h) => h.db));
    const paused = (await mapInOrder(dbs, (db) => pauseLeasedJobs(db, owner, clock()))).flat();
    for (const entry of [...held.values()]) release(entry);
    return paused;
  }

  /**
   * Commits a job, leased to this process (unless it is shutting down: then for the next server),
   * and schedules its first batch with `defer` (the app passes "after the response", so the request
   * that starts a job is answered first). With a dedupe key, an active job of the same kind and key
   * is returned instead. The audit event commits with the job.
   */
  async function startJob(
    db: Db,
    input: JobStart,
    defer: (run: () => void) => void = (run) => setImmediate(run),
  ): Promise<{ jobId: number; isExisting: boolean }> {
    const started = await commitJob(db, kinds, input, isStopping ? null : { owner, now: clock() });
    if (!started.isExisting && !isStopping) {
      // Held back until `defer` runs it, even when the loop turns for other jobs meanwhile; at the
      // latest after DEFER_LIMIT_MS, should the deferred call never come.
      hold(db, started.jobId, kinds[input.kind]!, performance.now() + DEFER_LIMIT_MS);
      defer(() => {
        const entry = held.get(keyOf(db, started.jobId));
        if (entry) entry.notBefore = 0;
        // The request that started it is answered: whether others want the loop is told by what it
        // does from now on. Its own work counted as others' made the first batch judge the loop busy
        // and halve the next one, and a 10,000-row job then took four more batches to grow.
        look = loopSnapshot();
        wake();
      });
    }
    return started;
  }

  /** Commits a job that no process holds yet, for whichever server takes it first (scripts that only queue work, the bench). */
  async function enqueueJob(db: Db, input: JobStart): Promise<{ jobId: number; isExisting: boolean }> {
    return await commitJob(db, kinds, input, null);
  }

  /** Resolves when this process has stopped running the job (tests, and callers that must wait). */
  function settled(jobId: number): Promise<void> {
    if (![...held.values()].some((h) => h.jobId === jobId)) return Promise.resolve();
    return new Promise((resolve) => settledWaiters.set(jobId, [...(settledWaiters.get(jobId) ?? []), resolve]));
  }

  return {
    owner,
    start,
    pause,
    sweep,
    startJob,
    enqueueJob,
    runNextBatch,
    settled,
    getJob: views.getJob,
    listJobs: views.listJobs,
  };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
