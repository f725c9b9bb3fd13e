import type { Db } from "@/db/client";
import { single } from "@/db/query";
import { bulkJobInputs, bulkJobs } from "@/db/schema";
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

/** A deferred start that only runs when the test says so, like "after the response". */
export function heldBack() {
  let release: () => void = () => {};
  return { defer: (run: () => void) => (release = run), release: () => release() };
}

/** A job's lease, status and progress as stored (`expires` as the dialect reads it raw, or null). */
export const leaseOf = async (db: Db, id: number) =>
  await demoLookups(() => db).one<{
    owner: string | null;
    expires: number | string | null;
    status: string;
    done: number;
  }>("select lease_owner owner, lease_expires_at expires, status, done from bulk_jobs where id = ?", id);

/** Events per tested mailbox: a job run twice, or a batch repeated, shows as a 2. */
export const testsPerMailbox = async (db: Db) =>
  (
    await demoLookups(() => db).all<{ n: number }>(
      "select count(*) n from audit_events where action = 'MailboxTested' group by target_id",
    )
  ).map((r) => r.n);

/** A job row as a crashed process left it: running, `done` items already committed, its lease expired. */
export async function leaveRunning(db: Db, p: JobPlan, done: number, now: Date, kind = p.kind): Promise<number> {
  const id = (
    await single(
      db
        .insert(bulkJobs)
        .values({
          environmentId: p.environmentId,
          kind,
          title: "Left running",
          dedupeKey: p.dedupeKey,
          status: "running",
          total: p.itemIds.length,
          done,
          result: { counts: {}, failures: [], failuresOmitted: 0 },
          startedById: p.startedById,
          createdAt: now,
          leaseOwner: "crashed",
          leaseExpiresAt: new Date(Date.now() - 1),
        })
        .returning({ id: bulkJobs.id }),
    )
  ).id;
  await db.insert(bulkJobInputs).values({ jobId: id, params: p.params, itemIds: p.itemIds });
  return id;
}
