import "server-only";
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepare } from "@/db/query";
import { auditEvents } from "@/db/schema";
import { instant, throughIndex } from "@/db/sql";
import { preparedOnce } from "../prepared";

export type HolderRef = { directoryUserId: number; environmentId: number; assignedAt: Date };

// The columns are selected as SQL: Drizzle refuses a column of a table that is no FROM of its own
// (the FROM here is the table with SQLite's index hint, db/sql.ts).

/** The newest MailboxApproved event of one actor in one environment from seq `floor` and instant `since` on. */
const prepareProbe = (db: Db) =>
  prepare(
    db
      .select({ at: sql`${auditEvents.at}`.mapWith(auditEvents.at) })
      .from(throughIndex(auditEvents, "audit_events_actor_seq_ix"))
      .where(
        and(
          eq(auditEvents.actorId, sql.placeholder("actorId")),
          gte(auditEvents.seq, sql.placeholder("floor")),
          sql`${auditEvents.action} = 'MailboxApproved'`,
          eq(auditEvents.environmentId, sql.placeholder("environmentId")),
          gte(auditEvents.at, sql.placeholder("since")),
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .limit(1),
  );

/** The first event at or after an instant. */
const prepareFirstSince = (db: Db) =>
  prepare(
    db
      .select({ seq: sql`${auditEvents.seq}`.mapWith(auditEvents.seq) })
      .from(throughIndex(auditEvents, "audit_events_at_ix"))
      .where(gte(auditEvents.at, sql.placeholder("since")))
      .orderBy(asc(auditEvents.at))
      .limit(1),
  );

/**
 * When each holder last approved a mailbox in the environment since they were given the role:
 * the newest MailboxApproved event they made there, from the audit log. One probe per holder down
 * the actor index, newest first, stopping at the first match and never going below the first
 * event of the assignment's day (found on the time index): `INDEXED BY` keeps SQLite off the
 * action index, which would walk every approval in the tenant.
 */
export async function lastApprovals(db: Db, holders: HolderRef[]): Promise<Map<string, Date | null>> {
  const probe = preparedOnce(db, prepareProbe);
  const firstSince = preparedOnce(db, prepareFirstSince);
  const found = new Map<string, Date | null>();
  for (const h of holders) {
    const key = holderKey(h);
    if (found.has(key)) continue;
    // Events are appended in time order, so nothing at or after the assignment has a lower seq
    // than the first event from a day before it (the day covers clocks set back a little).
    const since = h.assignedAt.getTime();
    const floor = (await firstSince.get({ since: instant(new Date(since - 86_400_000)) }))?.seq;
    if (floor === undefined) {
      found.set(key, null);
      continue;
    }
    const row = await probe.get({
      actorId: h.directoryUserId,
      floor,
      environmentId: h.environmentId,
      since: instant(h.assignedAt),
    });
    found.set(key, row?.at ?? null);
  }
  return found;
}

export const holderKey = (h: Pick<HolderRef, "directoryUserId" | "environmentId">) =>
  `${h.directoryUserId}:${h.environmentId}`;
