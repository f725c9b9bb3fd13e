import { and, desc, eq, getTableColumns, gte, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs, directoryUsers } from "@/db/schema";
import type { EnvironmentPage } from "@/lib/policy/access";
import { ACTIVE_STATUSES, COMPLETE_STATUSES, EMPTY_RESULT, type JobFilter, type JobKinds, type JobResult, type JobView } from "./job-types";

/** Jobs as pages show them. Reading never writes: resuming jobs is the runner's business, at boot. */

// Not `params`: it holds every item id (700 KB for 100,000 rows), and the title needs only the kind's own params.
const { params: _itemIds, ...COLUMNS } = getTableColumns(bulkJobs);
const SELECT = { ...COLUMNS, kindParams: sql<string | null>`json_extract(${bulkJobs.params}, '$.params')`, startedByName: directoryUsers.displayName };
type Row = { [K in keyof typeof COLUMNS]: (typeof bulkJobs.$inferSelect)[K] } & { kindParams: string | null; startedByName: string | null };

export function jobViews(kinds: JobKinds) {
  // A job of an unknown kind (code since removed) stays visible to environment admins only.
  const pageOf = (kind: string): EnvironmentPage => kinds[kind]?.page ?? "server-profiles";
  const titleOf = (kind: string, params: string | null) => kinds[kind]?.title(params === null ? null : JSON.parse(params)) ?? kind;

  function toView(row: Row): JobView {
    return {
      id: row.id,
      environmentId: row.environmentId,
      kind: row.kind,
      page: pageOf(row.kind),
      title: titleOf(row.kind, row.kindParams),
      status: row.status,
      isActive: ACTIVE_STATUSES.includes(row.status),
      isComplete: COMPLETE_STATUSES.includes(row.status),
      total: row.total,
      done: row.done,
      failed: row.failed,
      result: (row.result as JobResult | null) ?? EMPTY_RESULT,
      startedByName: row.startedByName,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
  }

  function getJob(db: Db, jobId: number): JobView | null {
    const row = db.select(SELECT).from(bulkJobs).leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById)).where(eq(bulkJobs.id, jobId)).get();
    return row ? toView(row) : null;
  }

  /** An environment's jobs, newest first; narrowed to some kinds, to one starter, or to jobs still active or ended since a moment. */
  function listJobs(db: Db, environmentId: number, filter: JobFilter = {}): JobView[] {
    const where = and(
      eq(bulkJobs.environmentId, environmentId),
      filter.kinds ? inArray(bulkJobs.kind, filter.kinds) : undefined,
      filter.startedById !== undefined ? eq(bulkJobs.startedById, filter.startedById) : undefined,
      filter.activeOrEndedSince ? or(inArray(bulkJobs.status, ACTIVE_STATUSES), gte(bulkJobs.finishedAt, filter.activeOrEndedSince)) : undefined,
    );
    return db.select(SELECT).from(bulkJobs).leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
      .where(where).orderBy(desc(bulkJobs.createdAt), desc(bulkJobs.id)).limit(filter.limit ?? 10).all()
      .map(toView);
  }

  return { getJob, listJobs };
}
