import "server-only";
import { prepare } from "@/db/query";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environmentUserCounts } from "@/db/schema";
import { preparedForShape } from "../prepared";

/**
 * The Users page's total without a search or role filter, of everyone or of those (not) enabled (issue 20), from the maintained counts
 * (`environment_user_counts`, kept by triggers on every membership and enabled-state change: two
 * rows an environment), so it costs the same at 100,000 users as at 100. COUNT(*) over the
 * environment's index entries was most of the page's SQL (bench/README.md).
 */
export async function countEnvironmentUsers(db: Db, environmentId: number, isEnabled: boolean | null): Promise<number> {
  const statement = preparedForShape(db, `environment-user-count:${isEnabled ?? "all"}`, (db) =>
    prepare(
      db
        .select({ n: sql<number>`coalesce(sum(${environmentUserCounts.n}), 0)`.mapWith(Number) })
        .from(environmentUserCounts)
        .where(
          and(
            eq(environmentUserCounts.environmentId, sql.placeholder("environmentId")),
            isEnabled === null ? undefined : eq(environmentUserCounts.isEnabled, isEnabled),
          ),
        ),
    ),
  );
  return (await statement.get({ environmentId }))?.n ?? 0;
}
