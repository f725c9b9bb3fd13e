import "server-only";
import { first } from "@/db/query";
import { and, count, eq, gt, gte, isNotNull, lt, lte, min, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import type { VisibleEnvironment } from "../settings/environments";
import { mapInOrder } from "@/lib/in-order";

/**
 * How long mailboxes have waited in Pending approval, by the age buckets the overview charts and
 * the Pending view filters on (the same bounds for both): under a day, one to seven days, over
 * seven days. Every query here runs on the partial index of pending mailboxes by pending_since.
 */

export const PENDING_AGES = ["lt1d", "1to7d", "gt7d"] as const;
export type PendingAge = (typeof PENDING_AGES)[number];
export const PENDING_AGE_LABELS: Record<PendingAge, string> = {
  lt1d: "Less than 1 day",
  "1to7d": "1 to 7 days",
  gt7d: "More than 7 days",
};

const DAY_MS = 24 * 3_600_000;

/** The bucket's condition on pending_since at `now`. */
export function pendingAgeFilter(age: PendingAge, now: Date): SQL {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  switch (age) {
    case "lt1d":
      return gt(mailboxes.pendingSince, dayAgo);
    case "1to7d":
      return and(gte(mailboxes.pendingSince, weekAgo), lte(mailboxes.pendingSince, dayAgo))!;
    case "gt7d":
      return lt(mailboxes.pendingSince, weekAgo);
  }
}

/** The Pending view's rows, written exactly as the partial index's WHERE so SQLite uses it. */
export const isAwaitingApproval = sql`${mailboxes.emailStatus} in (0, 2)`;

export type PendingAges = { oldestSince: Date | null; buckets: { age: PendingAge; label: string; count: number }[] };

export async function getPendingAges(
  db: Db,
  environment: VisibleEnvironment<"overview">,
  now: Date,
): Promise<PendingAges> {
  const pending = and(
    eq(mailboxes.environmentId, environment.id),
    eq(mailboxes.isActive, true),
    isAwaitingApproval,
    isNotNull(mailboxes.pendingSince),
  );
  const oldest =
    (
      await first(
        db
          .select({ at: min(mailboxes.pendingSince) })
          .from(mailboxes)
          .where(pending)
          .limit(1),
      )
    )?.at ?? null;
  return {
    oldestSince: oldest,
    buckets: await mapInOrder(PENDING_AGES, async (age) => ({
      age,
      label: PENDING_AGE_LABELS[age],
      count:
        (
          await first(
            db
              .select({ n: count() })
              .from(mailboxes)
              .where(and(pending, pendingAgeFilter(age, now)))
              .limit(1),
          )
        )?.n ?? 0,
    })),
  };
}
