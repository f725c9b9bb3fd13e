import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { single } from "@/db/query";
import { apiRateWindows } from "@/db/schema";
import { instant } from "@/db/sql";
import { verdictOf, WINDOW_MS, type Verdict } from "@/lib/policy/api-rate-limit";

/**
 * Counts one request of a token in its current window and answers the rule's verdict
 * (lib/policy/api-rate-limit.ts). One statement, atomic on both dialects: the window starts with
 * the first request, a new one once a minute has passed, and every app server counts into the same
 * row, so a token gets its limit once however many servers answer it (issue 19).
 */
export async function countApiRequest(db: Db, tokenId: number, now: Date, limit: number): Promise<Verdict> {
  const w = apiRateWindows;
  // The stored window is over: this request starts the next one.
  const isOver = sql`${w.startedAt} <= ${instant(new Date(now.getTime() - WINDOW_MS))}`;
  const window = await single(
    db
      .insert(w)
      .values({ tokenId, startedAt: now, count: 1 })
      .onConflictDoUpdate({
        target: w.tokenId,
        set: {
          startedAt: sql`case when ${isOver} then ${instant(now)} else ${w.startedAt} end`,
          count: sql`case when ${isOver} then 1 else ${w.count} + 1 end`,
        },
      })
      .returning({ startedAt: w.startedAt, count: w.count }),
  );
  return verdictOf({ startedAt: window.startedAt.getTime(), count: window.count }, now.getTime(), limit);
}
