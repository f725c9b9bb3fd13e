import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobInputs, bulkJobs } from "@/db/schema";
import { appendAuditEvent } from "../audit/log";
import { leaseFor, withRun } from "./lease";
import { ACTIVE_STATUSES, EMPTY_RESULT, type JobKinds, type JobStart } from "./types";

/**
 * Commits a new job with its inputs and the audit event that says who started it, in one immediate
 * transaction. With `lease`, the job is the committing process's to run; without, it waits for
 * whichever server takes it first. With a dedupe key, an active job of the same kind and key is
 * returned instead of a second one.
 */
export async function commitJob(
  db: Db,
  kinds: JobKinds,
  input: JobStart,
  lease: { owner: string; now: Date } | null,
): Promise<{ jobId: number; isExisting: boolean }> {
  const kind = kinds[input.kind];
  if (!kind) throw new Error(`unknown job kind ${input.kind}`);
  return await withTransaction(db, async () => {
    if (input.dedupeKey) {
      const existing = await first(
        db
          .select({ id: bulkJobs.id })
          .from(bulkJobs)
          .where(
            and(
              eq(bulkJobs.environmentId, input.environmentId),
              eq(bulkJobs.kind, input.kind),
              inArray(bulkJobs.status, ACTIVE_STATUSES),
              eq(bulkJobs.dedupeKey, input.dedupeKey),
            ),
          )
          .limit(1),
      );
      if (existing) return { jobId: existing.id, isExisting: true };
    }
    const leased = lease
      ? { ...leaseFor(lease.owner, lease.now), result: withRun(null, lease.owner, lease.now, 0) }
      : { result: EMPTY_RESULT };
    const row = await single(
      db
        .insert(bulkJobs)
        .values({
          environmentId: input.environmentId,
          kind: input.kind,
          title: kind.title(input.params),
          dedupeKey: input.dedupeKey ?? null,
          status: "queued",
          total: input.itemIds.length,
          startedById: input.startedById,
          createdAt: input.now,
          ...leased,
        })
        .returning({ id: bulkJobs.id }),
    );
    await db.insert(bulkJobInputs).values({ jobId: row.id, params: input.params ?? null, itemIds: input.itemIds });
    if (input.audit) await appendAuditEvent(db, input.audit(row.id));
    return { jobId: row.id, isExisting: false };
  });
}
