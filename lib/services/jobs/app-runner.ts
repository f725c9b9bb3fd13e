import "server-only";
import { after } from "next/server";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import type { EnvironmentPage } from "@/lib/policy/access";
import { findEnvironmentPage, type VisibleEnvironment } from "../settings/environments";
import { periodicTasks } from "./periodic";
import { JOB_KINDS } from "./registry";
import { createJobRunner, type JobFilter, type JobRunner, type JobView } from "./runner";
import type { JobStart } from "./types";

/**
 * The server process's one job runner over the registry's kinds, and what the app asks of it:
 * start and stop with the server, start a job after the response, find and list jobs.
 */

// One runner per process, kept across hot reloads and shared by every bundle that imports this
// module (instrumentation and the routes), so a job's loop is never started twice.
const memo = globalThis as unknown as { mailgateJobs?: JobRunner };
export function jobRunner(): JobRunner {
  memo.mailgateJobs ??= createJobRunner(JOB_KINDS);
  return memo.mailgateJobs;
}

/**
 * Runs `work` once the response to the current request has been sent, so whoever starts a job gets
 * their answer before its first batch; outside a request (scripts, tests) on the next turn.
 */
function afterResponse(work: () => void) {
  try {
    after(work);
  } catch {
    setImmediate(work);
  }
}

/** Commits the job (or finds the active one with its dedupe key) and runs its first batch after the response. */
export async function startJob(db: Db, plan: JobStart): Promise<{ jobId: number; isExisting: boolean }> {
  return await jobRunner().startJob(db, plan, afterResponse);
}

/** At server start (instrumentation.ts): resumes or interrupts what the last process left, then keeps the runner's heartbeat. */
export async function startJobRunner(db: Db): Promise<void> {
  const { resumed, interrupted } = await jobRunner().start(db);
  await periodicTasks().start(db);
  if (resumed.length || interrupted.length)
    console.log(`background jobs: resumed ${JSON.stringify(resumed)}, interrupted ${JSON.stringify(interrupted)}`);
}

/** At shutdown (SIGTERM): stops between two batches and records the jobs as paused, for the next server to resume. */
export async function pauseJobRunner(): Promise<void> {
  periodicTasks().stop();
  const paused = await jobRunner().pause();
  if (paused.length) console.log(`background jobs: paused ${JSON.stringify(paused)} for the next start`);
}

/** Queues a planned job for whichever server process takes it first, without running it here (scripts, the bench, crash tests). */
export async function enqueueJob(db: Db, plan: JobStart): Promise<number> {
  return (await jobRunner().enqueueJob(db, plan)).jobId;
}

/** A job with its environment, for someone who may open the page the job belongs to; else null (existence not revealed). */
export async function findVisibleJob(
  db: Db,
  actor: Actor,
  slug: string,
  jobId: number,
  now: Date,
): Promise<{ job: JobView; environment: VisibleEnvironment } | null> {
  const job = await jobRunner().getJob(db, jobId);
  if (!job) return null;
  const environment = await findEnvironmentPage(db, actor, slug, job.page, now);
  return environment && environment.id === job.environmentId ? { job, environment } : null;
}

export async function getJob(db: Db, jobId: number): Promise<JobView | null> {
  return await jobRunner().getJob(db, jobId);
}

/**
 * The environment's newest jobs of the kinds whose page the viewer may open; with `page`, only
 * the kinds started from that page (e.g. the server profiles' Test & Enable runs).
 */
export async function listVisibleJobs(
  db: Db,
  environment: VisibleEnvironment,
  filter: Omit<JobFilter, "kinds"> & { page?: EnvironmentPage } = {},
): Promise<JobView[]> {
  const { page, ...rest } = filter;
  const kinds = Object.keys(JOB_KINDS).filter(
    (kind) =>
      environment.access.pages.has(JOB_KINDS[kind]!.page) && (page === undefined || JOB_KINDS[kind]!.page === page),
  );
  return await jobRunner().listJobs(db, environment.id, { limit: 50, ...rest, kinds });
}
