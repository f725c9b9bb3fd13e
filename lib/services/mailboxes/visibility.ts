import { decideViewMailbox, mailboxViewer } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";

/**
 * Every command that takes mailbox ids (approve, reject, Test & Enable, the grid's commands) answers
 * a mailbox the actor may not see exactly as one that does not exist: no name, no version compared,
 * so replaying ids of another environment reveals neither names nor which ids exist.
 */
export const NOT_FOUND_ROW = {
  outcome: "refused",
  code: "NOT_FOUND",
  reason: "NOT_VISIBLE",
  message: "Not found: no such mailbox here, or it is not yours to see.",
} as const;

export function notFoundRow(id: number) {
  return { id, name: `#${id}`, ...NOT_FOUND_ROW };
}

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
