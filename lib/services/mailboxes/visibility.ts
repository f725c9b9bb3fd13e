import "server-only";
import { decideViewMailbox, mailboxViewer } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";

type RowFacts = { environmentId: number; regardingType: "user" | "queue"; regardingUserId: number | null };

/** The row, when it exists and the actor may see it; otherwise null. */
export function visibleRow<T extends RowFacts>(actor: Actor, row: T | undefined | null, now: Date): T | null {
  return row && decideViewMailbox(actor, row, now).allowed ? row : null;
}

/** visibleRow for many rows of one environment: the actor's access is worked out once. */
export function rowViewer(actor: Actor, environmentId: number, now: Date) {
  const canView = mailboxViewer(actor, environmentId, now);
  return <T extends RowFacts>(row: T | undefined | null): T | null => (row && canView(row) ? row : null);
}

/** The same mailbox twice in one request is one mailbox (the first occurrence wins). */
export function distinctById<T extends { id: number }>(items: readonly T[]): T[] {
  const seen = new Set<number>();
  return items.filter((item) => !seen.has(item.id) && (seen.add(item.id), true));
}
