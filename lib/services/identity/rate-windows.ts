import "server-only";
import type { Db } from "@/db/client";
import { countInWindow } from "@/db/rate-windows";
import { verdictOf, WINDOW_MS, type Verdict } from "@/lib/policy/api-rate-limit";

/**
 * Counts one REST API request of a token in its current window, shared by every app server
 * (db/rate-windows.ts), and answers the rule's verdict (lib/policy/api-rate-limit.ts).
 */
export async function countApiRequest(db: Db, tokenId: number, now: Date, limit: number): Promise<Verdict> {
  const window = await countInWindow(db, tokenId, now, WINDOW_MS);
  return verdictOf({ startedAt: window.startedAt.getTime(), count: window.hits }, now.getTime(), limit);
}
