import "server-only";
import { instant } from "@/db/sql";
import { affected, first, prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";
import { preparedOnce } from "../prepared";

/**
 * Expiry needs no job to take effect: the policy compares end dates at check time. What the
 * background runner does (lib/services/jobs/registry.ts, every heartbeat) is write each expiry to
 * the audit log once, with the end date as the event's time, so the log says when the role ended,
 * not when someone happened to notice. Pages never write it.
 */

/** The most expiries one sweep records: a burst (a review applied at midnight) spreads over a few heartbeats. */
export const EXPIRY_SWEEP_LIMIT = 500;

const a = userRoleAssignments;
// The partial index user_role_assignments_expiry_due_ix holds exactly the rows still to record.
const stillToRecord = and(isNotNull(a.endsAt), isNull(a.expiryAuditedAt));

const due = (tx: Tx | Db, condition: SQL | undefined) =>
  tx
    .select({
      id: a.id,
      // Never null here (stillToRecord): typed as the Date it is.
      endsAt: sql<Date>`${a.endsAt}`.mapWith(a.endsAt),
      role: securityRoles.name,
      environmentId: securityRoles.environmentId,
      userId: environmentUsers.id,
      name: environmentUsers.fullName,
      email: environmentUsers.email,
    })
    .from(a)
    .innerJoin(securityRoles, eq(securityRoles.id, a.roleId))
    .innerJoin(environmentUsers, eq(environmentUsers.id, a.environmentUserId))
    .where(and(stillToRecord, condition));
type DueRow = Awaited<ReturnType<ReturnType<typeof due>["get"]>> & {};

// Most heartbeats find nothing: answered from the index, without taking the write lock.
const prepareProbe = (db: Db) =>
  prepare(
    db
      .select({ found: sql<number>`1` })
      .from(a)
      .where(and(stillToRecord, lte(a.endsAt, sql.placeholder("at"))))
      .limit(1),
  );

/** Records every expiry due by `now` (at most `limit`), each with its event, in one transaction. Returns how many. */
export async function recordDueExpiries(db: Db, now: Date, limit = EXPIRY_SWEEP_LIMIT): Promise<number> {
  if (!(await preparedOnce(db, prepareProbe).get({ at: instant(now) }))) return 0;
  return await withTransaction(db, async (tx) => {
    const rows = await due(tx, lte(a.endsAt, now)).orderBy(a.endsAt, a.id).limit(limit);
    for (const row of rows) await recordExpiry(tx, row, now);
    return rows.length;
  });
}

/**
 * Inside the caller's transaction: records the assignment's expiry if it is due and not yet
 * recorded, so a renewal or removal right after the end date never loses the Expired step of the
 * history. Returns whether it wrote.
 */
export async function recordExpiryIfDue(tx: Tx | Db, assignmentId: number, now: Date): Promise<boolean> {
  const row = await first(due(tx, and(eq(a.id, assignmentId), lte(a.endsAt, now))).limit(1));
  return row ? await recordExpiry(tx, row, now) : false;
}

async function recordExpiry(tx: Tx | Db, row: DueRow, now: Date): Promise<boolean> {
  // Two servers may sweep at once: whoever marks the row writes the event.
  const changes = affected(
    await tx
      .update(a)
      .set({ expiryAuditedAt: now })
      .where(and(eq(a.id, row.id), isNull(a.expiryAuditedAt))),
  );
  if (changes !== 1) return false;
  const endedAt = row.endsAt;
  await appendAuditEvent(tx, {
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
