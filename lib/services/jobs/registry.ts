import { after } from "next/server";
import type { Db } from "@/db/client";
import { environmentAccess, type EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { rejectionReasonProblem } from "@/lib/policy/notifications";
import { MAILBOX_APPROVAL, mailboxApprovalKind, planApprovalJob } from "../mailboxes/approval-job";
import { BACKGROUND_FROM, decideRows, setApproval, type ApprovalInput, type RowOutcome } from "../mailboxes/approvals";
import { findEnvironmentPage, type VisibleEnvironment } from "../settings/environments";
import { periodicTasks } from "./periodic";
import { createJobRunner, type JobFilter, type JobKinds, type JobRunner, type JobView } from "./runner";
import { distinctById } from "../mailboxes/visibility";
import { invalidInput, NOT_FOUND_RESULT, type ActionContext, type Refusal, type ServiceResult } from "../result";
import {
  planTestAndEnableProfileJob,
  TEST_AND_ENABLE_PROFILE,
  testAndEnableProfileKind,
} from "../mailboxes/test-and-enable-job";

/** The app's background jobs: every kind the server can run or resume is registered here. */
const KINDS: JobKinds = {
  [TEST_AND_ENABLE_PROFILE]: testAndEnableProfileKind,
  [MAILBOX_APPROVAL]: mailboxApprovalKind,
};

// One runner per process, kept across hot reloads and shared by every bundle that imports this
// module (instrumentation and the routes), so a job's loop is never started twice.
const memo = globalThis as unknown as { mailgateJobs?: JobRunner };
export function jobRunner(): JobRunner {
  memo.mailgateJobs ??= createJobRunner(KINDS);
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

/** At server start (instrumentation.ts): resumes or interrupts what the last process left, then keeps the runner's heartbeat. */
export function startJobRunner(db: Db): void {
  const { resumed, interrupted } = jobRunner().start(db);
  periodicTasks().start(db);
  if (resumed.length || interrupted.length)
    console.log(`background jobs: resumed ${JSON.stringify(resumed)}, interrupted ${JSON.stringify(interrupted)}`);
}

/** At shutdown (SIGTERM): stops between two batches and records the jobs as paused, for the next server to resume. */
export function pauseJobRunner(): void {
  periodicTasks().stop();
  const paused = jobRunner().pause();
  if (paused.length) console.log(`background jobs: paused ${JSON.stringify(paused)} for the next start`);
}

/** Queues a planned job for whichever server process takes it first, without running it here (scripts, the bench, crash tests). */
export function enqueueJob(db: Db, plan: Parameters<JobRunner["enqueueJob"]>[1]): number {
  return jobRunner().enqueueJob(db, plan).jobId;
}

export function startTestAndEnableProfileJob(
  db: Db,
  actor: Actor,
  input: { environmentId: number; serverProfileId: number },
  ctx: ActionContext,
): ServiceResult<{ jobId: number }> {
  const planned = planTestAndEnableProfileJob(db, actor, input, ctx);
  if (!planned.ok) return planned;
  const { jobId, isExisting } = jobRunner().startJob(db, planned.plan, afterResponse);
  return {
    ok: true,
    jobId,
    message: isExisting ? "Test & Enable is already running for this profile." : planned.message,
  };
}

export type ApprovalRun = ServiceResult<{ outcomes: RowOutcome[]; jobId: null } | { outcomes: null; jobId: number }>;

/**
 * Approve / Reject Email: a small selection at once, in one transaction; from
 * BACKGROUND_FROM rows a background job, for people who may open the mailboxes grid.
 * Either way the policy decides every row. A selection larger than the environment, or a
 * background run in which the actor could change no row, is refused whole with nothing written
 * (no job, no event): ids are cheap to send, jobs are not.
 */
export function runApproval(db: Db, actor: Actor, input: ApprovalInput, ctx: ActionContext): ApprovalRun {
  if (input.operation === "reject") {
    const problem = rejectionReasonProblem(input.reason);
    if (problem) return invalidInput("reason", problem);
  }
  const items = distinctById(input.items);
  const run = { ...input, items, reason: input.operation === "reject" ? input.reason!.trim() : null };
  const seesGrid = environmentAccess(actor, input.environmentId, ctx.now).pages.has("mailboxes");
  if (!seesGrid && items.length >= BACKGROUND_FROM) return NOT_FOUND_RESULT;
  // Only for grid users, who see the total anyway: to anyone else the answer would reveal it.
  if (seesGrid && items.length > countMailboxes(db, input.environmentId)) {
    return invalidInput(
      "items",
      "The selection holds more mailboxes than this environment has. Reload the grid and select again.",
    );
  }
  if (items.length < BACKGROUND_FROM)
    return { ok: true, message: "Done.", outcomes: setApproval(db, actor, run, ctx), jobId: null };
  const outcomes = decideRows(db, actor, run, ctx.now);
  if (outcomes.every((o) => o.outcome === "refused")) return noneApprovable(outcomes, input.operation);
  const { jobId } = jobRunner().startJob(db, planApprovalJob(db, actor, run, ctx), afterResponse);
  return { ok: true, message: `Started: ${items.length} mailboxes.`, outcomes: null, jobId };
}

function countMailboxes(db: Db, environmentId: number): number {
  return (
    db.$client.prepare("select count(*) as n from mailboxes where environment_id = ?").get(environmentId) as {
      n: number;
    }
  ).n;
}

function noneApprovable(outcomes: RowOutcome[], operation: ApprovalInput["operation"]): Refusal {
  const first = outcomes[0]!;
  const verb = operation === "approve" ? "approve" : "reject";
  return {
    ok: false,
    code: first.code,
    reason: first.reason,
    message: `You cannot ${verb} any of the ${outcomes.length.toLocaleString("en-US")} selected mailboxes: ${first.message}`,
  };
}

/** A job with its environment, for someone who may open the page the job belongs to; else null (existence not revealed). */
export function findVisibleJob(
  db: Db,
  actor: Actor,
  slug: string,
  jobId: number,
  now: Date,
): { job: JobView; environment: VisibleEnvironment } | null {
  const job = jobRunner().getJob(db, jobId);
  if (!job) return null;
  const environment = findEnvironmentPage(db, actor, slug, job.page, now);
  return environment && environment.id === job.environmentId ? { job, environment } : null;
}

export function getJob(db: Db, jobId: number): JobView | null {
  return jobRunner().getJob(db, jobId);
}

/**
 * The environment's newest jobs of the kinds whose page the viewer may open; with `page`, only
 * the kinds started from that page (e.g. the server profiles' Test & Enable runs).
 */
export function listVisibleJobs(
  db: Db,
  environment: VisibleEnvironment,
  filter: Omit<JobFilter, "kinds"> & { page?: EnvironmentPage } = {},
): JobView[] {
  const { page, ...rest } = filter;
  const kinds = Object.keys(KINDS).filter(
    (kind) => environment.access.pages.has(KINDS[kind]!.page) && (page === undefined || KINDS[kind]!.page === page),
  );
  return jobRunner().listJobs(db, environment.id, { limit: 50, ...rest, kinds });
}
