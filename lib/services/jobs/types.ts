import "server-only";
import type { Db } from "@/db/client";
import type { AuditInput } from "../audit/log";
import type { bulkJobs } from "@/db/schema";
import type { EnvironmentPage } from "@/lib/policy/access";

/** The shapes shared by the job runner, its lease and batch steps, and the pages that show jobs. */

export type JobFailure = { id: number; name: string; detail: string };
export type BatchResult = { counts: Record<string, number>; failures: JobFailure[] };
export type JobContext<P> = {
  db: Db;
  jobId: number;
  environmentId: number;
  startedById: number | null;
  params: P;
  now: Date;
};
export type JobKind<P = unknown> = {
  /** One batch of items, inside the runner's transaction. Counts whose key is in `failedKeys` add to the job's failures. */
  runBatch: (ctx: JobContext<P>, itemIds: number[]) => Promise<BatchResult>;
  failedKeys: readonly string[];
  /** Counts of items the rules refused: a job with any ends "completed with refusals", never "succeeded". */
  refusedKeys: readonly string[];
  /** A heading for people, e.g. "Test & Enable Mailboxes: Microsoft Exchange Online". */
  title: (params: P) => string;
  /** The environment page a job belongs to: whoever may open that page may follow the job. */
  page: EnvironmentPage;
  /** Items in the first batch, a guess at ~20 ms of work; the runner then sizes batches by their measured time. */
  batchSize?: number;
};
// Kinds take their own params type; the runner only stores and hands them back.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobKinds = Record<string, JobKind<any>>;

export type JobStatus = (typeof bulkJobs.$inferSelect)["status"];
/** Which process ran the job from which item on: one entry per start, resume or takeover. */
export type JobRun = { owner: string; at: string; from: number };
export type JobResult = {
  counts: Record<string, number>;
  failures: JobFailure[];
  failuresOmitted: number;
  error?: string;
  interruptedReason?: string;
  /** Who cancelled the job (their display name), when someone did. */
  cancelledBy?: string;
  runs?: JobRun[];
};
export type JobView = {
  id: number;
  environmentId: number;
  kind: string;
  page: EnvironmentPage;
  title: string;
  status: JobStatus;
  /** Not ended yet: queued, running, or paused by a shutdown until a server starts again. */
  isActive: boolean;
  /** Every item was decided (succeeded, or completed with refusals). */
  isComplete: boolean;
  total: number;
  done: number;
  failed: number;
  result: JobResult;
  /** The directory user who started it (null: a script); they may cancel it (lib/policy/job-cancel.ts). */
  startedById: number | null;
  startedByName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};
/** A job to start: its kind and params, the items fixed now, and the audit event that commits with it. */
export type JobStart = {
  environmentId: number;
  kind: string;
  params: unknown;
  itemIds: number[];
  startedById: number | null;
  dedupeKey?: string;
  audit?: (jobId: number) => AuditInput;
  now: Date;
};
export type JobFilter = { kinds?: string[]; startedById?: number; activeOrEndedSince?: Date; limit?: number };
/** What bulk_job_inputs holds: the kind's params and the item ids fixed when the job started. */
export type JobInputs = { params: unknown; itemIds: number[] };

export const ACTIVE_STATUSES: JobStatus[] = ["queued", "running", "paused"];
export const COMPLETE_STATUSES: JobStatus[] = ["succeeded", "completed_with_refusals"];
export const EMPTY_RESULT: JobResult = { counts: {}, failures: [], failuresOmitted: 0 };
