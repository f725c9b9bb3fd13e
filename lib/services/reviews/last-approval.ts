import "server-only";
import type { Db } from "@/db/client";

export type HolderRef = { directoryUserId: number; environmentId: number; assignedAt: Date };

/**
 * When each holder last approved a mailbox in the environment since they were given the role:
 * the newest MailboxApproved event they made there, from the audit log. One probe per holder down
 * the actor index, newest first, stopping at the first match and never going below the first
 * event of the assignment's day (found on the time index): `INDEXED BY` keeps SQLite off the
 * action index, which would walk every approval in the tenant.
 */
export async function lastApprovals(db: Db, holders: HolderRef[]): Promise<Map<string, Date | null>> {
  const probe = db.$client.prepare(
    `select at from audit_events indexed by audit_events_actor_seq_ix
     where actor_id = ? and seq >= ? and action = 'MailboxApproved' and environment_id = ? and at >= ?
     order by seq desc limit 1`,
  );
  const firstSince = db.$client.prepare(
    "select seq from audit_events indexed by audit_events_at_ix where at >= ? order by at limit 1",
  );
  const found = new Map<string, Date | null>();
  for (const h of holders) {
    const key = holderKey(h);
    if (found.has(key)) continue;
    // Events are appended in time order, so nothing at or after the assignment has a lower seq
    // than the first event from a day before it (the day covers clocks set back a little).
    const since = h.assignedAt.getTime();
    const floor = ((await firstSince.get(since - 86_400_000)) as { seq: number } | undefined)?.seq;
    if (floor === undefined) {
      found.set(key, null);
      continue;
    }
    const row = (await probe.get(h.directoryUserId, floor, h.environmentId, since)) as { at: number } | undefined;
    found.set(key, row ? new Date(row.at) : null);
  }
  return found;
}

export const holderKey = (h: Pick<HolderRef, "directoryUserId" | "environmentId">) =>
  `${h.directoryUserId}:${h.environmentId}`;
