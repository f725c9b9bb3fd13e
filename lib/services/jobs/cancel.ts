import "server-only";
import { first } from "@/db/query";
import { forUpdate } from "@/db/sql";
import { withTransaction } from "@/db/transaction";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideCancelJob } from "@/lib/policy/job-cancel";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { findVisibleJob } from "./app-runner";
import { NO_LEASE } from "./lease";
import { ACTIVE_STATUSES, EMPTY_RESULT, type JobResult } from "./types";

/**
 * Cancel on a job's page. Each batch commits in its own immediate transaction, holding the job's
 * row (batch.ts), so this one lands between two of them: the batch in hand commits whole, and the
 * next finds the job no longer active and stops (runJobBatch answers "lost", the runner lets go).
 * The job keeps what it did (done, counts, failures); the status, who cancelled and the audit
 * event commit together.
 */
export async function cancelJob(
  db: Db,
  actor: Actor,
  input: { slug: string; jobId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ done: number; total: number }>> {
  // Seeing the job (the page it belongs to) first: a job one may not see is "not found".
  const found = await findVisibleJob(db, actor, input.slug, input.jobId, ctx.now);
  if (!found) return NOT_FOUND_RESULT;
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ done: number; total: number }>> => {
    const job = await first(forUpdate(tx.select().from(bulkJobs).where(eq(bulkJobs.id, input.jobId)).limit(1)));
    if (!job) return NOT_FOUND_RESULT;
    const decision = decideCancelJob(actor, {
      startedById: job.startedById,
      isActive: ACTIVE_STATUSES.includes(job.status),
    });
    if (!decision.allowed) return refusal(decision);
    const result: JobResult = {
      ...((job.result as JobResult | null) ?? EMPTY_RESULT),
      cancelledBy: actor.displayName,
    };
    await tx
      .update(bulkJobs)
      .set({ status: "cancelled", result, finishedAt: ctx.now, ...NO_LEASE, leaseHeartbeatAt: ctx.now })
      .where(eq(bulkJobs.id, job.id));
    await appendAuditEvent(tx, {
      action: "JobCancelled",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: job.environmentId,
      target: { type: "job", id: job.id, label: found.job.title },
      before: { status: job.status },
      after: { status: "cancelled", done: job.done, total: job.total, counts: result.counts },
      origin: ctx.origin,
      at: ctx.now,
    });
    return {
      ok: true,
      message: `Cancelled: ${job.done.toLocaleString("en-US")} of ${job.total.toLocaleString("en-US")} were done; the rest were not touched.`,
      done: job.done,
      total: job.total,
    };
  });
}
