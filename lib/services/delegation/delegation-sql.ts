/**
 * The queries of the delegations list, built from the filters that are set (an unset filter adds no
 * term, so the planner never meets "? is null or …"). Approvals made with the role are read
 * through the partial index audit_events_dma_approvals_ix, whose condition DMA_APPROVALS repeats
 * word for word (in each dialect's spelling, db/sql.ts): the last one is one index seek per holder,
 * the 90-day count one index range.
 */

import "server-only";
import { and, asc, count, desc, eq, gt, isNull, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { alias, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import {
  auditEvents,
  directoryUsers,
  environments,
  environmentUsers,
  securityRoles,
  userRoleAssignments,
} from "@/db/schema";
import { byInstant, jsonText } from "@/db/sql";

export const DELEGATION_SORTS = ["holder", "environment", "assigned", "ends", "lastApproval"] as const;
export type DelegationSort = (typeof DELEGATION_SORTS)[number];
export const DELEGATION_STATES = ["all", "active", "expired"] as const;
export type DelegationStateFilter = (typeof DELEGATION_STATES)[number];

export type DelegationFilters = {
  environmentId: number | null;
  state: DelegationStateFilter;
  /** Active and ending within this many days. */
  expiringWithinDays: number | null;
  /** No approval made with the role in this many days. */
  unusedForDays: number | null;
  /** The start of the holder's name or email, any case. */
  q: string;
};

/** How an approval made as a Delegated Mailbox Approver is recorded (lib/services/mailboxes/approvals.ts). */
export const APPROVED_WITH_DMA = "Delegated Mailbox Approver";

const r = alias(securityRoles, "r");
const a = alias(userRoleAssignments, "a");
const eu = alias(environmentUsers, "eu");
const e = alias(environments, "e");
const x = alias(auditEvents, "x");
/** The audit log as `x` in a subquery's FROM (an alias renders as its name alone). */
const X = sql`${auditEvents} ${x}`;

// Literals, not parameters: a partial index serves a query whose condition holds its very words.
const DMA_APPROVALS = sql`${x.action} = 'MailboxApproved' and ${jsonText(x.after, "approvedWith")} = ${sql.raw(`'${APPROVED_WITH_DMA}'`)}`;
const BY_HOLDER = sql`${x.actorId} = ${eu.directoryUserId} and ${x.environmentId} = ${eu.environmentId} and ${DMA_APPROVALS}`;
const LAST_APPROVAL = sql`(select max(${x.at}) from ${X} where ${BY_HOLDER})`;
/** The select list's name for the last approval, which its sort orders by. */
const LAST_APPROVAL_AT = "lastApprovalAt";

const displayName = (id: SQLWrapper): SQL<string | null> =>
  sql`(select ${directoryUsers.displayName} from ${directoryUsers} where ${directoryUsers.id} = ${id})`;

type Params = { now: Date; usageSince: Date; expiringBefore: Date | null; unusedSince: Date | null };
type Dir = "asc" | "desc";

const by = (dir: Dir) => (term: SQLWrapper) => (dir === "desc" ? desc(term) : asc(term));

// Each sort's terms; ties go by assignment id, the same way, so pages never overlap.
const ORDER: Record<DelegationSort, (dir: Dir) => SQL[]> = {
  holder: (dir) => [sql`lower(${eu.fullName})`].map(by(dir)),
  environment: (dir) => [sql`lower(${e.name})`, sql`lower(${eu.fullName})`].map(by(dir)),
  assigned: (dir) => [by(dir)(a.assignedAt)],
  // No end date sorts after every date.
  ends: (dir) => [byInstant(a.endsAt, dir, "latest")],
  // Never used sorts before any date.
  lastApproval: (dir) => [byInstant(sql.identifier(LAST_APPROVAL_AT), dir, "earliest")],
};

/**
 * The few DMA roles first, then their assignments by role_id, never a scan of every role assignment
 * of the tenant (100,000 users hold ~110,000): SQLite takes a CROSS JOIN's order as written (the
 * join's condition is in the WHERE, as PostgreSQL allows no ON with CROSS JOIN; its planner orders
 * the joins itself).
 */
function joined<Q extends SQLiteSelect>(query: Q) {
  return query.crossJoin(a).innerJoin(eu, eq(eu.id, a.environmentUserId)).innerJoin(e, eq(e.id, eu.environmentId));
}

function whereOf(filters: DelegationFilters, p: Params): SQL | undefined {
  const terms: SQL[] = [sql`${r.key} = 'delegated_mailbox_approver'`, eq(a.roleId, r.id)];
  if (filters.environmentId !== null) terms.push(eq(r.environmentId, filters.environmentId));
  if (filters.state === "active") terms.push(or(isNull(a.endsAt), gt(a.endsAt, p.now))!);
  else if (filters.state === "expired") terms.push(lte(a.endsAt, p.now));
  if (p.expiringBefore !== null) terms.push(gt(a.endsAt, p.now), lte(a.endsAt, p.expiringBefore));
  if (p.unusedSince !== null)
    terms.push(sql`not exists (select 1 from ${X} where ${BY_HOLDER} and ${gt(x.at, p.unusedSince)})`);
  const q = filters.q.trim().toLowerCase();
  if (q) {
    const pattern = `${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    terms.push(
      sql`(lower(${eu.fullName}) like ${pattern} escape '\\' or lower(${eu.email}) like ${pattern} escape '\\')`,
    );
  }
  return and(...terms);
}

/** The list's two queries: how many assignments match, and one window of them in order. */
export function delegationsSql(
  db: Db,
  query: DelegationFilters & { sort: DelegationSort; dir: Dir },
  p: Params,
  window: { limit: number; offset: number } = { limit: 50, offset: 0 },
) {
  const where = whereOf(query, p);
  const dir = query.dir === "desc" ? "desc" : "asc";
  return {
    count: joined(db.select({ n: count() }).from(r).$dynamic()).where(where),
    rows: joined(
      db
        .select({
          assignmentId: a.id,
          roleId: a.roleId,
          environmentUserId: a.environmentUserId,
          name: eu.fullName,
          email: eu.email,
          environmentId: e.id,
          environmentName: e.name,
          environmentSlug: e.slug,
          assignedBy: displayName(a.assignedById),
          assignedAt: a.assignedAt,
          renewedBy: displayName(a.renewedById),
          renewedAt: a.renewedAt,
          endsAt: a.endsAt,
          justification: a.justification,
          // Decoded as the column is: a Date on both dialects (epoch milliseconds, a timestamptz).
          lastApprovalAt: (sql`${LAST_APPROVAL}`.mapWith(x.at) as SQL<Date | null>).as(LAST_APPROVAL_AT),
          recentApprovals: sql`(select count(*) from ${X} where ${BY_HOLDER} and ${gt(x.at, p.usageSince)})`.mapWith(
            Number,
          ),
        })
        .from(r)
        .$dynamic(),
    )
      .where(where)
      .orderBy(...ORDER[query.sort](dir), by(dir)(a.id))
      .limit(window.limit)
      .offset(window.offset),
  };
}
