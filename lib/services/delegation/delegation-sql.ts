/**
 * The SQL of the delegations list, built from the filters that are set (an unset filter adds no
 * term, so the planner never meets "? is null or …"). Approvals made with the role are read
 * through the partial index audit_events_dma_approvals_ix, whose condition DMA_APPROVALS repeats
 * word for word: the last one is one index seek per holder, the 90-day count one index range.
 */

import "server-only";
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
export const DMA_APPROVALS = `x.action = 'MailboxApproved' and json_extract(x.after, '$.approvedWith') = '${APPROVED_WITH_DMA}'`;
const BY_HOLDER = `x.actor_id = eu.directory_user_id and x.environment_id = eu.environment_id and ${DMA_APPROVALS}`;
const LAST_APPROVAL = `(select max(x.at) from audit_events x where ${BY_HOLDER})`;

type Params = { now: number; usageSince: number; expiringBefore: number | null; unusedSince: number | null };

// Each sort's expression; ties go by assignment id, the same way, so pages never overlap.
const ORDER: Record<DelegationSort, string[]> = {
  holder: ["lower(eu.full_name)"],
  environment: ["lower(e.name)", "lower(eu.full_name)"],
  assigned: ["a.assigned_at"],
  // No end date sorts after every date.
  ends: ["coalesce(a.ends_at, 9007199254740991)"],
  // Never used sorts before any date.
  lastApproval: ["coalesce(lastApprovalAt, 0)"],
};

// CROSS JOIN fixes the order: the few DMA roles first, then their assignments by role_id, never
// a scan of every role assignment of the tenant (100,000 users hold ~110,000).
const FROM = `from security_roles r
  cross join user_role_assignments a on a.role_id = r.id
  join environment_users eu on eu.id = a.environment_user_id
  join environments e on e.id = eu.environment_id`;

function whereOf(filters: DelegationFilters, p: Params) {
  const terms = ["r.key = 'delegated_mailbox_approver'"];
  const params: unknown[] = [];
  if (filters.environmentId !== null) {
    terms.push("r.environment_id = ?");
    params.push(filters.environmentId);
  }
  if (filters.state === "active") {
    terms.push("(a.ends_at is null or a.ends_at > ?)");
    params.push(p.now);
  } else if (filters.state === "expired") {
    terms.push("a.ends_at <= ?");
    params.push(p.now);
  }
  if (p.expiringBefore !== null) {
    terms.push("a.ends_at > ? and a.ends_at <= ?");
    params.push(p.now, p.expiringBefore);
  }
  if (p.unusedSince !== null) {
    terms.push(`not exists (select 1 from audit_events x where ${BY_HOLDER} and x.at > ?)`);
    params.push(p.unusedSince);
  }
  const q = filters.q.trim().toLowerCase();
  if (q) {
    const pattern = `${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    terms.push("(lower(eu.full_name) like ? escape '\\' or lower(eu.email) like ? escape '\\')");
    params.push(pattern, pattern);
  }
  return { sql: `where ${terms.join(" and ")}`, params };
}

export function delegationsSql(
  query: DelegationFilters & { sort: DelegationSort; dir: "asc" | "desc" },
  p: Params,
  window: { limit: number; offset: number } = { limit: 50, offset: 0 },
) {
  const where = whereOf(query, p);
  const dir = query.dir === "desc" ? "desc" : "asc";
  const order = ORDER[query.sort].map((term) => `${term} ${dir}`).join(", ");
  return {
    count: { sql: `select count(*) as n ${FROM} ${where.sql}`, params: where.params },
    rows: {
      sql: `select a.id as assignmentId, a.role_id as roleId, a.environment_user_id as environmentUserId,
          eu.full_name as name, eu.email, e.id as environmentId, e.name as environmentName, e.slug as environmentSlug,
          (select display_name from directory_users where id = a.assigned_by_id) as assignedBy, a.assigned_at as assignedAt,
          (select display_name from directory_users where id = a.renewed_by_id) as renewedBy, a.renewed_at as renewedAt,
          a.ends_at as endsAt, a.justification,
          ${LAST_APPROVAL} as lastApprovalAt,
          (select count(*) from audit_events x where ${BY_HOLDER} and x.at > ?) as recentApprovals
        ${FROM} ${where.sql}
        order by ${order}, a.id ${dir}
        limit ? offset ?`,
      params: [p.usageSince, ...where.params, window.limit, window.offset],
    },
  };
}
