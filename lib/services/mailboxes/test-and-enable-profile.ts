import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { startJob } from "../jobs/app-runner";
import type { ActionContext, ServiceResult } from "../result";
import { planTestAndEnableProfileJob } from "./test-and-enable-job";

/** "Test & Enable Mailboxes" on a server profile: one job per profile at a time, started after the response. */
export async function startTestAndEnableProfileJob(
  db: Db,
  actor: Actor,
  input: { environmentId: number; serverProfileId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ jobId: number }>> {
  const planned = await planTestAndEnableProfileJob(db, actor, input, ctx);
  if (!planned.ok) return planned;
  const { jobId, isExisting } = await startJob(db, planned.plan);
  return {
    ok: true,
    jobId,
    message: isExisting ? "Test & Enable is already running for this profile." : planned.message,
  };
}
