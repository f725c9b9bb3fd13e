import type { Db } from "@/db/client";
import { createJobRunner, type RunnerOptions } from "../jobs/runner";
import {
  planTestAndEnableProfileJob,
  TEST_AND_ENABLE_PROFILE,
  testAndEnableProfileKind,
  type JobPlan,
} from "../mailboxes/test-and-enable-job";
import { startTestAndEnableProfileJob } from "../mailboxes/test-and-enable-profile";
import type { ActionContext } from "../result";
import { demoLookups } from "./demo-lookups";

/** The background job tests drive on the seeded demo: Test & Enable over a server profile, as sam starts it. */

/** A runner of the Test & Enable profile kind alone. */
export const profileJobRunner = (options: RunnerOptions = {}) =>
  createJobRunner({ [TEST_AND_ENABLE_PROFILE]: testAndEnableProfileKind }, options);

/** sam's (System Administrator) plan to Test & Enable Production's default server profile, not started. */
export async function planProfileJob(db: Db, ctx: ActionContext): Promise<JobPlan> {
  const { PROD, actorOf, defaultProfileId } = demoLookups(() => db);
  const planned = await planTestAndEnableProfileJob(
    db,
    await actorOf("sam"),
    { environmentId: await PROD(), serverProfileId: await defaultProfileId() },
    ctx,
  );
  if (!planned.ok) throw new Error(planned.message);
  return planned.plan;
}

/** The same, started by sam on the app's runner, as the server profiles page starts it; its job id. */
export async function startProfileJob(db: Db, ctx: ActionContext): Promise<number> {
  const { PROD, actorOf, defaultProfileId } = demoLookups(() => db);
  const started = await startTestAndEnableProfileJob(
    db,
    await actorOf("sam"),
    { environmentId: await PROD(), serverProfileId: await defaultProfileId() },
    ctx,
  );
  if (!started.ok) throw new Error(started.message);
  return started.jobId;
}
