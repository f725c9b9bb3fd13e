import { activeMembership, hasTenantRole, holdsRole, type Actor } from "./actor";
import { REFUSED_ACTION_NAMES } from "./audit-names";

/**
 * Which audit events a viewer sees (DOMAIN §11): Global, Power Platform and Dynamics 365
 * Administrators everything; Exchange Administrators the role, team-membership, delegation and
 * mailbox events of every environment; an environment's System Administrators that environment's
 * events; everyone else nothing.
 *
 * The answer is a description of a filter, not a yes/no per event, so the service can put it in
 * SQL: with a million events, loading rows and dropping the hidden ones would page wrongly and
 * slowly.
 */
export type AuditScopeFacts =
  | { all: true }
  | {
      all: false;
      /** Environments whose every event is visible. */
      environmentIds: number[];
      /** Delegation and mailbox events of every environment (an Exchange Administrator's view). */
      exchangeScope: boolean;
    };

declare const decidedByPolicy: unique symbol;
/** A viewer's scope as only auditScope() makes one: the audit log's readers take nothing else. */
export type AuditScope = AuditScopeFacts & { readonly [decidedByPolicy]: true };

/**
 * Events that change who holds which role, in an environment: role assignments, a team's roles and
 * a team's members (joining a team is being assigned its roles, DOMAIN §11)…
 */
export const DELEGATION_ACTION_PREFIXES = ["Role", "TeamRole", "TeamMember"] as const;
/**
 * …and self-elevation, which gives a role too, and the refused attempts at approving, delegating,
 * changing roles and Test & Enable (a refused bulk selection has no one mailbox as its target).
 */
export const DELEGATION_ACTIONS: readonly string[] = ["ApplyAdminRole", ...REFUSED_ACTION_NAMES];
export const MAILBOX_TARGET_TYPE = "mailbox";
/**
 * Access reviews decide who keeps Delegated Mailbox Approver, and Exchange Administrators start and
 * answer them: their events are delegation events, also when they span environments (no environment).
 */
export const REVIEW_ACTION_PREFIX = "AccessReview";

export function auditScope(actor: Actor, now: Date): AuditScope {
  if (hasTenantRole(actor, "global_admin", "power_platform_admin", "dynamics365_admin"))
    return { all: true } as AuditScope;
  const environmentIds = actor.memberships
    .map((m) => m.environmentId)
    .filter((id) => holdsRole(activeMembership(actor, id), "system_administrator", now))
    .sort((a, b) => a - b);
  return { all: false, environmentIds, exchangeScope: hasTenantRole(actor, "exchange_admin") } as AuditScope;
}

export function isEmptyScope(scope: AuditScopeFacts): boolean {
  return !scope.all && scope.environmentIds.length === 0 && !scope.exchangeScope;
}

type EventFacts = { action: string; environmentId: number | null; targetType: string | null };

export function isDelegationOrMailboxEvent(event: EventFacts): boolean {
  if (event.action.startsWith(REVIEW_ACTION_PREFIX)) return true;
  if (event.environmentId === null) return false;
  return (
    DELEGATION_ACTION_PREFIXES.some((p) => event.action.startsWith(p)) ||
    DELEGATION_ACTIONS.includes(event.action) ||
    event.targetType === MAILBOX_TARGET_TYPE
  );
}

/**
 * The meaning of a scope for one event. The service never filters with it (it translates the
 * scope to SQL); its tests check that the SQL and this agree on every kind of event.
 */
export function isInAuditScope(scope: AuditScopeFacts, event: EventFacts): boolean {
  if (scope.all) return true;
  if (event.environmentId !== null && scope.environmentIds.includes(event.environmentId)) return true;
  return scope.exchangeScope && isDelegationOrMailboxEvent(event);
}
