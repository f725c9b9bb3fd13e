import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { createJobRunner, type JobKinds, type JobRunner, type JobView } from "./job-runner";
import type { ActionContext, ServiceResult } from "./result";
import { planTestAndEnableProfileJob, TEST_AND_ENABLE_PROFILE, testAndEnableProfileKind } from "./test-and-enable-job";

/** The app's background jobs: every kind the server can run or resume is registered here. */
const KINDS: JobKinds = {
  [TEST_AND_ENABLE_PROFILE]: testAndEnableProfileKind,
};

// One runner per process, kept across hot reloads, so a job's loop is never started twice.
const memo = globalThis as unknown as { mailgateJobs?: JobRunner };
export function jobRunner(): JobRunner {
  memo.mailgateJobs ??= createJobRunner(KINDS);
  return memo.mailgateJobs;
}

export function startTestAndEnableProfileJob(db: Db, actor: Actor, input: { environmentId: number; serverProfileId: number }, ctx: ActionContext): ServiceResult<{ jobId: number }> {
  const planned = planTestAndEnableProfileJob(db, actor, input, ctx);
  if (!planned.ok) return planned;
  const { jobId, isExisting } = jobRunner().startJob(db, planned.plan);
  return { ok: true, jobId, message: isExisting ? "Test & Enable is already running for this profile." : planned.message };
}

export function getJob(db: Db, jobId: number): JobView | null {
  return jobRunner().getJob(db, jobId);
}

export function listJobs(db: Db, environmentId: number, limit?: number): JobView[] {
  return jobRunner().listJobs(db, environmentId, limit);
}
