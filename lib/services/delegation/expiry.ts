import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";

/**
 * Expiry needs no job to take effect: the policy compares end dates at check time. What the
 * background runner does (lib/services/jobs/registry.ts, every heartbeat) is write each expiry to
 * the audit log once, with the end date as the event's time, so the log says when the role ended,
 * not when someone happened to notice. Pages never write it.
 */

/** The most expiries one sweep records: a burst (a review applied at midnight) spreads over a few heartbeats. */
export const EXPIRY_SWEEP_LIMIT = 500;

type DueRow = {
  id: number;
  endsAt: number;
  role: string;
  environmentId: number;
  userId: number;
  name: string;
  email: string;
};

// The partial index user_role_assignments_expiry_due_ix holds exactly the rows still to record.
const due = (condition: SQL) => sql`select a.id, a.ends_at as endsAt, r.name as role, r.environment_id as environmentId,
    eu.id as userId, eu.full_name as name, eu.email
  from user_role_assignments a
  join security_roles r on r.id = a.role_id
  join environment_users eu on eu.id = a.environment_user_id
  where a.ends_at is not null and a.expiry_audited_at is null and ${condition}`;

/** Records every expiry due by `now` (at most `limit`), each with its event, in one transaction. Returns how many. */
export function recordDueExpiries(db: Db, now: Date, limit = EXPIRY_SWEEP_LIMIT): number {
  const at = now.getTime();
  // Most heartbeats find nothing: answered from the index, without taking the write lock.
  const probe = db.get(
    sql`select 1 as found from user_role_assignments a where a.ends_at is not null and a.expiry_audited_at is null and a.ends_at <= ${at} limit 1`,
  );
  if (!probe) return 0;
  return db.transaction(
    (tx) => {
      const rows = tx.all<DueRow>(sql`${due(sql`a.ends_at <= ${at}`)} order by a.ends_at, a.id limit ${limit}`);
      for (const row of rows) recordExpiry(tx, row, now);
      return rows.length;
    },
    { behavior: "immediate" },
  );
}

/**
 * Inside the caller's transaction: records the assignment's expiry if it is due and not yet
 * recorded, so a renewal or removal right after the end date never loses the Expired step of the
 * history. Returns whether it wrote.
 */
export function recordExpiryIfDue(tx: Tx | Db, assignmentId: number, now: Date): boolean {
  const row = tx.get<DueRow | undefined>(due(sql`a.id = ${assignmentId} and a.ends_at <= ${now.getTime()}`));
  return row ? recordExpiry(tx, row, now) : false;
}

function recordExpiry(tx: Tx | Db, row: DueRow, now: Date): boolean {
  // Two servers may sweep at once: whoever marks the row writes the event.
  const { changes } = tx.run(
    sql`update user_role_assignments set expiry_audited_at = ${now.getTime()} where id = ${row.id} and expiry_audited_at is null`,
  );
  if (changes !== 1) return false;
  const endedAt = new Date(row.endsAt);
  appendAuditEvent(tx, {
    action: "RoleExpired",
    actor: null,
    environmentId: row.environmentId,
    target: { type: "environmentUser", id: row.userId, label: `${row.name} <${row.email}>` },
    before: { role: row.role, state: "Active" },
    after: { role: row.role, state: "Expired", endedAt: endedAt.toISOString(), recordedAt: now.toISOString() },
    reason: "The assignment reached its end date.",
    origin: NO_ORIGIN,
    at: endedAt,
  });
  return true;
}
