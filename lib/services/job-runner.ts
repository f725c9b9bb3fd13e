import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs, directoryUsers } from "@/db/schema";
import type { EnvironmentPage } from "@/lib/policy/access";
import { appendAuditEvent, type AuditInput } from "./audit-log";

/**
 * Long-running work in the background of the one server process, kept in bulk_jobs so progress
 * survives a reload and a restart. A job is a kind, its params and a fixed list of item ids taken
 * when it starts; it runs a batch per immediate transaction (the kind's work and the progress
 * commit together, so a resumed job never repeats or skips a batch) and yields to requests
 * between batches with setImmediate.
 */

export type JobFailure = { id: number; name: string; detail: string };
export type BatchResult = { counts: Record<string, number>; failures: JobFailure[] };
export type JobContext<P> = { db: Db; jobId: number; environmentId: number; startedById: number | null; params: P; now: Date };
export type JobKind<P = unknown> = {
  /** One batch of items, inside the runner's transaction. Counts whose key is in `failedKeys` add to the job's failures. */
  runBatch: (ctx: JobContext<P>, itemIds: number[]) => BatchResult;
  failedKeys: readonly string[];
  /** A heading for people, e.g. "Test & Enable Mailboxes: Microsoft Exchange Online". */
  title: (params: P) => string;
  /** The environment page a job belongs to: whoever may open that page may follow the job. */
  page: EnvironmentPage;
  /** Items per batch (one transaction holding the write lock), when the runner's default does not fit the kind's cost per item. */
  batchSize?: number;
};
// Kinds take their own params type; the runner only stores and hands them back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobKinds = Record<string, JobKind<any>>;

export type JobStatus = (typeof bulkJobs.$inferSelect)["status"];
export type JobResult = { counts: Record<string, number>; failures: JobFailure[]; failuresOmitted: number; error?: string; interruptedReason?: string };
export type JobView = { id: number; environmentId: number; kind: string; page: EnvironmentPage; title: string; status: JobStatus; isActive: boolean; total: number; done: number; failed: number; result: JobResult; startedByName: string | null; createdAt: Date; finishedAt: Date | null };
export type JobFilter = { kinds?: string[]; startedById?: number; activeOrEndedSince?: Date; limit?: number };
type Stored = { params: unknown; itemIds: number[]; dedupeKey: string | null };

const MAX_FAILURES_KEPT = 200;
const PROGRESS = { kind: bulkJobs.kind, status: bulkJobs.status, done: bulkJobs.done, failed: bulkJobs.failed, result: bulkJobs.result, environmentId: bulkJobs.environmentId, startedById: bulkJobs.startedById };
const EMPTY: JobResult = { counts: {}, failures: [], failuresOmitted: 0 };
const ACTIVE: JobStatus[] = ["queued", "running"];

/** `batchSize` overrides every kind's own (tests use small batches to see a job mid-way). */
export function createJobRunner(kinds: JobKinds, options: { batchSize?: number } = {}) {
  const batchSizeOf = (kind: JobKind) => options.batchSize ?? kind.batchSize ?? 200;
  const running = new Set<number>();
  const settledWaiters = new Map<number, (() => void)[]>();
  const recovered = new WeakSet<Db>();

  const stored = (raw: unknown) => raw as Stored;
  // A job's params and item ids never change once stored: read and parsed once per job, not per batch.
  const storedParams = new Map<number, Stored>();
  const storedOf = (db: Db, jobId: number): Stored => {
    let found = storedParams.get(jobId);
    if (!found) {
      found = stored(db.select({ params: bulkJobs.params }).from(bulkJobs).where(eq(bulkJobs.id, jobId)).get()!.params);
      storedParams.set(jobId, found);
    }
    return found;
  };
  const titleOf = (kind: string, params: unknown) => kinds[kind]?.title(params) ?? kind;
  // A job of an unknown kind (code since removed) stays visible to environment admins only.
  const pageOf = (kind: string): EnvironmentPage => kinds[kind]?.page ?? "server-profiles";

  function settle(jobId: number) {
    running.delete(jobId);
    storedParams.delete(jobId);
    settledWaiters.get(jobId)?.forEach((resolve) => resolve());
    settledWaiters.delete(jobId);
  }

  function finish(db: Db, jobId: number, status: JobStatus, result: JobResult, now: Date) {
    db.update(bulkJobs).set({ status, result, finishedAt: now }).where(eq(bulkJobs.id, jobId)).run();
  }

  /** Runs the job's next batch. Returns whether more remain. */
  function runNextBatch(db: Db, jobId: number): boolean {
    return db.transaction(() => {
      const job = db.select(PROGRESS).from(bulkJobs).where(eq(bulkJobs.id, jobId)).get();
      if (!job || !ACTIVE.includes(job.status)) return false;
      const kind = kinds[job.kind];
      const now = new Date();
      const result = (job.result as JobResult | null) ?? EMPTY;
      if (!kind) {
        finish(db, jobId, "interrupted", { ...result, interruptedReason: `No handler for jobs of kind "${job.kind}".` }, now);
        return false;
      }
      const { params, itemIds } = storedOf(db, jobId);
      const slice = itemIds.slice(job.done, job.done + batchSizeOf(kind));
      const batch = slice.length ? kind.runBatch({ db, jobId, environmentId: job.environmentId, startedById: job.startedById, params, now }, slice) : { counts: {}, failures: [] };
      const counts = { ...result.counts };
      for (const [key, n] of Object.entries(batch.counts)) counts[key] = (counts[key] ?? 0) + n;
      const room = Math.max(0, MAX_FAILURES_KEPT - result.failures.length);
      const next: JobResult = { ...result, counts, failures: [...result.failures, ...batch.failures.slice(0, room)], failuresOmitted: result.failuresOmitted + Math.max(0, batch.failures.length - room) };
      const failed = kind.failedKeys.reduce((sum, key) => sum + (batch.counts[key] ?? 0), 0);
      const done = job.done + slice.length;
      const isFinished = done >= itemIds.length;
      db.update(bulkJobs)
        .set({ status: isFinished ? "succeeded" : "running", done, failed: job.failed + failed, result: next, finishedAt: isFinished ? now : null })
        .where(eq(bulkJobs.id, jobId))
        .run();
      return !isFinished;
    }, { behavior: "immediate" });
  }

  /** Runs the job batch by batch, letting requests in between; one loop per job. */
  function schedule(db: Db, jobId: number) {
    if (running.has(jobId)) return;
    running.add(jobId);
    const step = () => {
      try {
        if (runNextBatch(db, jobId)) setImmediate(step);
        else settle(jobId);
      } catch (error) {
        // The batch rolled back; the job stops visibly instead of looping on the same failure.
        console.error(`bulk job ${jobId} failed`, error);
        try {
          const job = db.select().from(bulkJobs).where(eq(bulkJobs.id, jobId)).get();
          finish(db, jobId, "failed", { ...((job?.result as JobResult | null) ?? EMPTY), error: "The job stopped on an unexpected error. Details are in the server log." }, new Date());
        } catch (second) {
          // The database itself is gone (shutting down): the row stays "running" and the next start resumes it.
          console.error(`bulk job ${jobId} could not be marked failed`, second);
        } finally {
          settle(jobId);
        }
      }
    };
    setImmediate(step);
  }

  /**
   * After a restart, jobs left queued or running were lost with the old process: each resumes
   * from its last committed batch when its kind is known, else it is marked interrupted. Runs once
   * per database per process, at the runner's first use.
   */
  function recoverJobs(db: Db): { resumed: number[]; interrupted: number[] } {
    recovered.add(db);
    const left = db.select().from(bulkJobs).where(inArray(bulkJobs.status, ACTIVE)).all().filter((j) => !running.has(j.id));
    const resumed: number[] = [];
    const interrupted: number[] = [];
    for (const job of left) {
      if (kinds[job.kind]) {
        resumed.push(job.id);
        schedule(db, job.id);
      } else {
        interrupted.push(job.id);
        finish(db, job.id, "interrupted", { ...((job.result as JobResult | null) ?? EMPTY), interruptedReason: "The server restarted and this kind of job cannot be resumed." }, new Date());
      }
    }
    return { resumed, interrupted };
  }

  const ensureRecovered = (db: Db) => {
    if (!recovered.has(db)) recoverJobs(db);
  };

  /**
   * Queues a job and starts it. With a dedupe key, an active job of the same kind and key is
   * returned instead of starting a second one. The optional audit event commits with the job row.
   */
  function startJob(db: Db, input: { environmentId: number; kind: string; params: unknown; itemIds: number[]; startedById: number | null; dedupeKey?: string; audit?: (jobId: number) => AuditInput; now: Date }): { jobId: number; isExisting: boolean } {
    ensureRecovered(db);
    if (!kinds[input.kind]) throw new Error(`unknown job kind ${input.kind}`);
    const started = db.transaction(() => {
      if (input.dedupeKey) {
        const existing = db.select({ id: bulkJobs.id }).from(bulkJobs)
          .where(and(eq(bulkJobs.environmentId, input.environmentId), eq(bulkJobs.kind, input.kind), inArray(bulkJobs.status, ACTIVE), sql`json_extract(${bulkJobs.params}, '$.dedupeKey') = ${input.dedupeKey}`))
          .get();
        if (existing) return { jobId: existing.id, isExisting: true };
      }
      const params: Stored = { params: input.params, itemIds: input.itemIds, dedupeKey: input.dedupeKey ?? null };
      const row = db.insert(bulkJobs)
        .values({ environmentId: input.environmentId, kind: input.kind, status: "queued", total: input.itemIds.length, params, result: EMPTY, startedById: input.startedById, createdAt: input.now })
        .returning({ id: bulkJobs.id })
        .get();
      if (input.audit) appendAuditEvent(db, input.audit(row.id));
      return { jobId: row.id, isExisting: false };
    }, { behavior: "immediate" });
    schedule(db, started.jobId);
    return started;
  }

  function toView(row: typeof bulkJobs.$inferSelect & { startedByName: string | null }): JobView {
    return { id: row.id, environmentId: row.environmentId, kind: row.kind, page: pageOf(row.kind), title: titleOf(row.kind, stored(row.params).params), status: row.status, isActive: ACTIVE.includes(row.status), total: row.total, done: row.done, failed: row.failed, result: (row.result as JobResult | null) ?? EMPTY, startedByName: row.startedByName, createdAt: row.createdAt, finishedAt: row.finishedAt };
  }

  const SELECT = { job: bulkJobs, startedByName: directoryUsers.displayName };
  function getJob(db: Db, jobId: number): JobView | null {
    ensureRecovered(db);
    const row = db.select(SELECT).from(bulkJobs).leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById)).where(eq(bulkJobs.id, jobId)).get();
    return row ? toView({ ...row.job, startedByName: row.startedByName }) : null;
  }

  /** An environment's jobs, newest first; narrowed to some kinds, to one starter, or to jobs still running or ended since a moment. */
  function listJobs(db: Db, environmentId: number, filter: JobFilter = {}): JobView[] {
    ensureRecovered(db);
    const where = and(
      eq(bulkJobs.environmentId, environmentId),
      filter.kinds ? inArray(bulkJobs.kind, filter.kinds) : undefined,
      filter.startedById !== undefined ? eq(bulkJobs.startedById, filter.startedById) : undefined,
      filter.activeOrEndedSince ? or(inArray(bulkJobs.status, ACTIVE), gte(bulkJobs.finishedAt, filter.activeOrEndedSince)) : undefined,
    );
    return db.select(SELECT).from(bulkJobs).leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
      .where(where).orderBy(desc(bulkJobs.createdAt), desc(bulkJobs.id)).limit(filter.limit ?? 10).all()
      .map((r) => toView({ ...r.job, startedByName: r.startedByName }));
  }

  /** Resolves when the job's loop in this process has stopped (tests, and callers that must wait). */
  function settled(jobId: number): Promise<void> {
    if (!running.has(jobId)) return Promise.resolve();
    return new Promise((resolve) => settledWaiters.set(jobId, [...(settledWaiters.get(jobId) ?? []), resolve]));
  }

  return { startJob, getJob, listJobs, recoverJobs, runNextBatch, settled };
}
export type JobRunner = ReturnType<typeof createJobRunner>;
