import "server-only";
import { instant } from "@/db/sql";
import { first, prepare } from "@/db/query";
import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs, directoryUsers } from "@/db/schema";
import type { EnvironmentPage } from "@/lib/policy/access";
import { preparedForShape } from "../prepared";
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

  async function getJob(db: Db, jobId: number): Promise<JobView | null> {
    const row = await first(
      db
        .select(SELECT)
        .from(bulkJobs)
        .leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
        .where(eq(bulkJobs.id, jobId))
        .limit(1),
    );
    return row ? toView(row) : null;
  }

  /**
   * An environment's jobs, newest first; narrowed to some kinds, to one starter, or to jobs still
   * active or ended since a moment. Pages ask this on every view (the grid's recent runs), and
   * building this join was most of its cost: each filter's statement is prepared once (issue 20).
   */
  async function listJobs(db: Db, environmentId: number, filter: JobFilter = {}): Promise<JobView[]> {
    const { kinds, startedById, activeOrEndedSince } = filter;
    const shape = `jobs:${kinds?.join(",") ?? "*"}:${startedById !== undefined}:${activeOrEndedSince !== undefined}`;
    const statement = preparedForShape(db, shape, (db) =>
      prepare(
        db
          .select(SELECT)
          .from(bulkJobs)
          .leftJoin(directoryUsers, eq(directoryUsers.id, bulkJobs.startedById))
          .where(
            and(
              eq(bulkJobs.environmentId, sql.placeholder("environmentId")),
              kinds ? inArray(bulkJobs.kind, kinds) : undefined,
              startedById !== undefined ? eq(bulkJobs.startedById, sql.placeholder("startedById")) : undefined,
              activeOrEndedSince
                ? or(inArray(bulkJobs.status, ACTIVE_STATUSES), gte(bulkJobs.finishedAt, sql.placeholder("since")))
                : undefined,
            ),
          )
          .orderBy(desc(bulkJobs.createdAt), desc(bulkJobs.id))
          .limit(sql.placeholder("limit")),
      ),
    );
    // Placeholders reach the driver as given: a moment as its epoch milliseconds (the column's encoding).
    return (
      await statement.all({
        environmentId,
        startedById: startedById ?? null,
        since: activeOrEndedSince ? instant(activeOrEndedSince) : null,
        limit: filter.limit ?? 10,
      })
    ).map(toView);
  }

  return { getJob, listJobs };
}
