import "server-only";
import type { Db } from "@/db/client";
import { first } from "@/db/query";
import { decideViewDelegations } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { decideHolderCanApprove, holdsSystemAdministrator } from "@/lib/policy/delegation";
import { DAY_MS, delegationState, type DelegationState } from "@/lib/policy/delegation-terms";
import { loadMemberActors } from "../identity/member-facts";
import type { VisibleEnvironment } from "../settings/environments";
import { delegationsSql, type DelegationFilters, type DelegationSort } from "./delegation-sql";

export {
  DELEGATION_SORTS,
  DELEGATION_STATES,
  type DelegationFilters,
  type DelegationSort,
  type DelegationStateFilter,
} from "./delegation-sql";

/**
 * Delegated Mailbox Approver assignments with what a tenant admin asks of them (PIM's "all
 * assignments" view, plus whether the holder can approve and whether they use the role): one
 * environment's on its role page, every environment's on /tenant/delegations and in its CSV.
 */

export const DELEGATIONS_PAGE_SIZE = 50;
/** "Approvals in the last 90 days". */
export const USAGE_WINDOW_DAYS = 90;

export type DelegationQuery = DelegationFilters & { sort: DelegationSort; dir: "asc" | "desc"; page: number };

/** The list as it opens: every assignment in every state, unfiltered, by holder A to Z, the first page. */
export const EVERY_DELEGATION: DelegationQuery = {
  environmentId: null,
  state: "all",
  expiringWithinDays: null,
  unusedForDays: null,
  q: "",
  sort: "holder",
  dir: "asc",
  page: 1,
};

export type DelegationRow = {
  assignmentId: number;
  roleId: number;
  environmentUserId: number;
  name: string;
  email: string;
  isEnabled: boolean;
  environmentId: number;
  environmentName: string;
  environmentSlug: string;
  assignedBy: string | null;
  assignedAt: Date;
  renewedBy: string | null;
  renewedAt: Date | null;
  endsAt: Date | null;
  justification: string | null;
  state: DelegationState;
  lastApprovalAt: Date | null;
  recentApprovals: number;
  /** System Administrator here, directly or through a team, as the rules count it. */
  isSystemAdministrator: boolean;
  /** The approval rule's answer for this holder (a queue mailbox: never self-approval). */
  canApprove: { allowed: boolean; reason: string | null; message: string };
};

export type DelegationPage = { rows: DelegationRow[]; total: number; page: number; pageCount: number };

/** Every environment's assignments, for tenant admins (DOMAIN §11); null for anyone else. */
export async function listTenantDelegations(
  db: Db,
  actor: Actor,
  query: DelegationQuery,
  now: Date,
): Promise<DelegationPage | null> {
  return decideViewDelegations(actor).allowed ? await queryPage(db, query, now) : null;
}

/** One environment's assignments, for whoever may open its roles pages. */
export async function listEnvironmentDelegations(
  db: Db,
  environment: VisibleEnvironment,
  query: Omit<DelegationQuery, "environmentId">,
  now: Date,
): Promise<DelegationPage> {
  return await queryPage(db, { ...query, environmentId: environment.id }, now);
}

/** Every matching row in order, a chunk at a time (the CSV export streams them); null for non tenant admins. */
export function iterateTenantDelegations(
  db: Db,
  actor: Actor,
  query: Omit<DelegationQuery, "page">,
  now: Date,
  chunk = 500,
): AsyncIterator<DelegationRow[]> | null {
  if (!decideViewDelegations(actor).allowed) return null;
  return (async function* () {
    for (let offset = 0; ; offset += chunk) {
      const rows = await queryRows(db, query, now, { limit: chunk, offset });
      if (rows.length) yield rows;
      if (rows.length < chunk) return;
    }
  })();
}

async function queryPage(db: Db, query: DelegationQuery, now: Date): Promise<DelegationPage> {
  const { count } = delegationsSql(db, query, paramsOf(query, now));
  const total = (await first(count))?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / DELEGATIONS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await queryRows(db, query, now, {
    limit: DELEGATIONS_PAGE_SIZE,
    offset: (page - 1) * DELEGATIONS_PAGE_SIZE,
  });
  return { rows, total, page, pageCount };
}

function paramsOf(query: DelegationFilters, now: Date) {
  const at = now.getTime();
  return {
    now,
    usageSince: new Date(at - USAGE_WINDOW_DAYS * DAY_MS),
    expiringBefore: query.expiringWithinDays === null ? null : new Date(at + query.expiringWithinDays * DAY_MS),
    unusedSince: query.unusedForDays === null ? null : new Date(at - query.unusedForDays * DAY_MS),
  };
}

async function queryRows(
  db: Db,
  query: Omit<DelegationQuery, "page">,
  now: Date,
  window: { limit: number; offset: number },
): Promise<DelegationRow[]> {
  const found = await delegationsSql(db, query, paramsOf(query, now), window).rows;
  const holders = await loadMemberActors(
    db,
    found.map((r) => r.environmentUserId),
  );
  return found.map((r) => {
    const holder = holders.get(r.environmentUserId)!;
    const decision = decideHolderCanApprove(holder, r.environmentId, now);
    const membership = holder.memberships[0]!;
    return {
      ...r,
      isEnabled: holder.isEnabled && membership.isEnabled,
      state: delegationState(r.endsAt, now),
      isSystemAdministrator: holdsSystemAdministrator(holder, r.environmentId, now),
      canApprove: { allowed: decision.allowed, reason: decision.reason, message: decision.message },
    };
  });
}
