import "server-only";
import { and, desc, eq, gte, inArray, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs, directoryUsers } from "@/db/schema";
import type { EnvironmentPage } from "@/lib/policy/access";
import {
  ACTIVE_STATUSES,
  COMPLETE_STATUSES,
  EMPTY_RESULT,
  type JobFilter,
  type JobKinds,
  type JobResult,
  type JobView,
} from "./types";

/** Jobs as pages show them. Reading never writes: resuming jobs is the runner's business, at boot. */

const SELECT = { job: bulkJobs, startedByName: directoryUsers.displayName };
type Row = { job: typeof bulkJobs.$inferSelect; startedByName: string | null };

export function jobViews(kinds: JobKinds) {
  // A job of an unknown kind (code since removed) stays visible to environment admins only.
  const pageOf = (kind: string): EnvironmentPage => kinds[kind]?.page ?? "server-profiles";

  function toView({ job: row, startedByName }: Row): JobView {
    return {
      id: row.id,
      environmentId: row.environmentId,
      kind: row.kind,
      page: pageOf(row.kind),
      title: row.title || row.kind,
      status: row.status,
      isActive: ACTIVE_STATUSES.includes(row.status),
      isComplete: COMPLETE_STATUSES.includes(row.status),
      total: row.total,
      done: row.done,
      failed: row.failed,
      result: (row.result as JobResult | null) ?? EMPTY_RESULT,
      startedById: row.startedById,
      startedByName,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
  }

  function getJob(db: Db, jobId: number): JobView | null {
    const row = db
      .select(SELECT)
      .from(bulkJobs)
      .leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
      .where(eq(bulkJobs.id, jobId))
      .get();
    return row ? toView(row) : null;
  }

  /** An environment's jobs, newest first; narrowed to some kinds, to one starter, or to jobs still active or ended since a moment. */
  function listJobs(db: Db, environmentId: number, filter: JobFilter = {}): JobView[] {
    const where = and(
      eq(bulkJobs.environmentId, environmentId),
      filter.kinds ? inArray(bulkJobs.kind, filter.kinds) : undefined,
      filter.startedById !== undefined ? eq(bulkJobs.startedById, filter.startedById) : undefined,
      filter.activeOrEndedSince
        ? or(inArray(bulkJobs.status, ACTIVE_STATUSES), gte(bulkJobs.finishedAt, filter.activeOrEndedSince))
        : undefined,
    );
    return db
      .select(SELECT)
      .from(bulkJobs)
      .leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
      .where(where)
      .orderBy(desc(bulkJobs.createdAt), desc(bulkJobs.id))
      .limit(filter.limit ?? 10)
      .all()
      .map(toView);
  }

  return { getJob, listJobs };
}
