import "server-only";
import { prepare } from "@/db/query";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxCounts } from "@/db/schema";
import { preparedForShape } from "../prepared";

/**
 * The grid's counts (issue 20), which must cost the same at 100,000 mailboxes and at 1,000,000.
 * A view without a search reads the maintained per-status counts (`mailbox_counts`, kept by
 * triggers on every mailbox change: a handful of rows). A search counts its matches, but stops at
 * COUNT_CAP, as admin centers show "10,000+": a common fragment could otherwise count every mailbox.
 */
export const COUNT_CAP = 10_000;

/** The grid's views that the maintained counts answer (all but "My mailbox"). */
export const COUNTED_VIEWS = ["active", "pending", "approved", "rejected", "test-failures", "inactive"] as const;
export type CountedView = (typeof COUNTED_VIEWS)[number];

/** The maintained counts' rows that make up each view ("My mailbox" is counted directly: one or two rows). */
function viewRows(view: CountedView): SQL {
  const active = eq(mailboxCounts.isActive, true);
  switch (view) {
    case "active":
      return active;
    case "pending":
      return and(active, inArray(mailboxCounts.emailStatus, [0, 2]))!;
    case "approved":
      return and(active, eq(mailboxCounts.emailStatus, 1))!;
    case "rejected":
      return and(active, eq(mailboxCounts.emailStatus, 3))!;
    case "test-failures":
      return and(active, eq(mailboxCounts.mailboxStatus, 2))!;
    case "inactive":
      return eq(mailboxCounts.isActive, false);
  }
}

/** How many mailboxes a view (without a search) holds, from the maintained counts (each view's statement prepared once). */
export async function countView(db: Db, environmentId: number, view: CountedView): Promise<number> {
  const statement = preparedForShape(db, `mailbox-count:${view}`, (db) =>
    prepare(
      db
        .select({ n: sql<number>`coalesce(sum(${mailboxCounts.n}), 0)`.mapWith(Number) })
        .from(mailboxCounts)
        .where(and(eq(mailboxCounts.environmentId, sql.placeholder("environmentId")), viewRows(view))),
    ),
  );
  return (await statement.get({ environmentId }))?.n ?? 0;
}
