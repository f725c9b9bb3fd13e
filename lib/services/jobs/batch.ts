import "server-only";
import { forUpdate, instant } from "@/db/sql";
import { first, prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs } from "@/db/schema";
import { leaseFor, NO_LEASE } from "./lease";
import { param, preparedOnce } from "../prepared";
import { cpuMs } from "./pacing";
import {
  ACTIVE_STATUSES,
  EMPTY_RESULT,
  type JobKind,
  type JobKinds,
  type JobResult,
  type JobInputs,
  type JobStatus,
} from "./types";

/**
 * One batch of a job, in one immediate transaction: the kind's work, the job's progress and the
 * renewal of the lease commit together, so a job resumed after a crash never repeats or skips a
 * batch, and a process that lost the lease writes nothing.
 *
 * The lease is checked on the job's row first thing in the transaction, and nobody changes that
 * row before the batch commits. On SQLite the transaction holds the one write lock from BEGIN
 * IMMEDIATE. On PostgreSQL (READ COMMITTED: each statement sees what committed before it) the check
 * runs after withTransaction took the write lock every writer queues on (db/pg/portal.ts), so it
 * sees every claim committed before; and it reads the row FOR UPDATE, so no claim, cancel or
 * shutdown changes the owner until the batch commits, even a write that does not take that lock.
 */

const MAX_FAILURES_KEPT = 200;
const PROGRESS = {
  kind: bulkJobs.kind,
  status: bulkJobs.status,
  done: bulkJobs.done,
  failed: bulkJobs.failed,
  result: bulkJobs.result,
  environmentId: bulkJobs.environmentId,
  startedById: bulkJobs.startedById,
  leaseOwner: bulkJobs.leaseOwner,
};

/**
 * "more": items remain; "ended": the job ended in this batch (or has no handler); "lost": this
 * process no longer holds the job. `workMs` and `workCpuMs`: the wall and CPU time of the kind's own
 * work on its items, without the transaction's begin and commit.
 */
export type BatchStep = { step: "more" | "ended" | "lost"; items: number; workMs: number; workCpuMs: number };
const NO_WORK = { items: 0, workMs: 0, workCpuMs: 0 };

export type BatchInput = {
  jobId: number;
  owner: string;
  size: (kind: JobKind) => number;
  inputs: (jobId: number) => Promise<JobInputs>;
  now: Date;
};

/**
 * How long a batch waits for another connection's write lock where that wait blocks the event loop
 * (SQLite): briefly, and still locked out it fails for the runner to try again after a back-off,
 * while requests go on (instead of the connection's 5 s for a request's write). See withTransaction.
 */
const LOCK_WAIT_MS = 100;

export async function runJobBatch(db: Db, kinds: JobKinds, input: BatchInput): Promise<BatchStep> {
  return await withTransaction(db, () => batchInTransaction(db, kinds, input), { lockWaitMs: LOCK_WAIT_MS });
}

async function batchInTransaction(db: Db, kinds: JobKinds, input: BatchInput): Promise<BatchStep> {
  const { jobId, now } = input;
  const job = await preparedOnce(db, prepareProgress).get({ jobId });
  if (!job || !ACTIVE_STATUSES.includes(job.status) || job.leaseOwner !== input.owner)
    return { step: "lost", ...NO_WORK };
  const result = (job.result as JobResult | null) ?? EMPTY_RESULT;
  const kind = kinds[job.kind];
  if (!kind) {
    await endJob(
      db,
      jobId,
      "interrupted",
      { ...result, interruptedReason: `No handler for jobs of kind "${job.kind}".` },
      now,
    );
    return { step: "ended", ...NO_WORK };
  }
  const { params, itemIds } = await input.inputs(jobId);
  const slice = itemIds.slice(job.done, job.done + input.size(kind));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const batch = slice.length
    ? await kind.runBatch(
        { db, jobId, environmentId: job.environmentId, startedById: job.startedById, params, now },
        slice,
      )
    : { counts: {}, failures: [] };
  const work = {
    items: slice.length,
    workMs: performance.now() - started,
    workCpuMs: cpuMs(process.cpuUsage(cpuBefore)),
  };
  const counts = { ...result.counts };
  for (const [key, n] of Object.entries(batch.counts)) counts[key] = (counts[key] ?? 0) + n;
  const room = Math.max(0, MAX_FAILURES_KEPT - result.failures.length);
  const next: JobResult = {
    ...result,
    counts,
    failures: [...result.failures, ...batch.failures.slice(0, room)],
    failuresOmitted: result.failuresOmitted + Math.max(0, batch.failures.length - room),
  };
  const failed = job.failed + kind.failedKeys.reduce((sum, key) => sum + (batch.counts[key] ?? 0), 0);
  const done = job.done + slice.length;
  if (done < itemIds.length) {
    const lease = leaseFor(input.owner, now);
    await preparedOnce(db, prepareAdvance).run({
      jobId,
      done,
      failed,
      // As the columns' encoders would store them: JSON text, epoch milliseconds.
      result: JSON.stringify(next),
      leaseOwner: lease.leaseOwner,
      leaseHeartbeatAt: instant(lease.leaseHeartbeatAt),
      leaseExpiresAt: instant(lease.leaseExpiresAt),
    });
    return { step: "more", ...work };
  }
  const isRefused = kind.refusedKeys.some((key) => (counts[key] ?? 0) > 0);
  await db.update(bulkJobs).set({ done, failed }).where(eq(bulkJobs.id, jobId));
  await endJob(db, jobId, isRefused ? "completed_with_refusals" : "succeeded", next, now);
  return { step: "ended", ...work };
}

/**
 * The job's progress and lease, read at the start of each batch with its row locked to the batch
 * (prepared once: a job runs dozens of batches).
 */
function prepareProgress(db: Db) {
  return prepare(
    forUpdate(
      db
        .select(PROGRESS)
        .from(bulkJobs)
        .where(eq(bulkJobs.id, sql.placeholder("jobId"))),
    ),
  );
}

/** A batch that leaves items for later: its progress, and the lease renewed. */
function prepareAdvance(db: Db) {
  return prepare(
    db
      .update(bulkJobs)
      .set({
        status: "running",
        done: param("done"),
        failed: param("failed"),
        result: param("result"),
        leaseOwner: param("leaseOwner"),
        leaseHeartbeatAt: param("leaseHeartbeatAt"),
        leaseExpiresAt: param("leaseExpiresAt"),
      })
      .where(eq(bulkJobs.id, sql.placeholder("jobId"))),
  );
}

async function endJob(db: Db, jobId: number, status: JobStatus, result: JobResult, now: Date) {
  await db
    .update(bulkJobs)
    .set({ status, result, finishedAt: now, ...NO_LEASE, leaseHeartbeatAt: now })
    .where(eq(bulkJobs.id, jobId));
}

/**
 * Ends a job this process holds without finishing it: "failed" after a real error in a batch (which
 * rolled back), so it stops visibly instead of looping on the same failure; "interrupted" when this
 * server has no handler for its kind. Nothing happens if another process holds it by now.
 */
export async function stopJob(
  db: Db,
  jobId: number,
  owner: string,
  now: Date,
  how: { status: "failed"; error: string } | { status: "interrupted"; interruptedReason: string },
): Promise<void> {
  await withTransaction(db, async () => {
    const job = await first(
      forUpdate(
        db
          .select({ result: bulkJobs.result })
          .from(bulkJobs)
          .where(and(eq(bulkJobs.id, jobId), eq(bulkJobs.leaseOwner, owner)))
          .limit(1),
      ),
    );
    if (!job) return;
    const { status, ...note } = how;
    await endJob(db, jobId, status, { ...((job.result as JobResult | null) ?? EMPTY_RESULT), ...note }, now);
  });
}
