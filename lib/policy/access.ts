import { activeMembership, hasPrivilege, hasTenantRole, holdsRole, type Actor } from "./actor";
import { auditScope, isEmptyScope } from "./audit-visibility";
import { allow, deny, NOT_FOUND, type Decision } from "./decision";

/** DOMAIN §2 "Who sees what". Reading never implies changing; each change has its own rule. */

export type EnvironmentPage =
  | "overview"
  | "users"
  | "teams"
  | "roles"
  | "mailboxes"
  | "email-settings"
  | "server-profiles"
  | "my-mailbox";

const DIRECTORY_PAGES: readonly EnvironmentPage[] = ["overview", "users", "teams", "roles", "mailboxes"];

export type EnvironmentAccess = {
  /** Pages of this environment the actor may open. Empty means the environment does not exist for them. */
  pages: ReadonlySet<EnvironmentPage>;
  /** Why: the strongest source of the access, for display. */
  basis: "tenant-admin" | "exchange-admin" | "system-administrator" | "system-customizer" | "member" | "none";
};

export function environmentAccess(actor: Actor, environmentId: number, now: Date): EnvironmentAccess {
  const membership = activeMembership(actor, environmentId);
  const pages = new Set<EnvironmentPage>();
  if (membership) pages.add("my-mailbox");

  if (hasTenantRole(actor, "global_admin", "power_platform_admin", "dynamics365_admin")) {
    return { pages: allPages(pages), basis: "tenant-admin" };
  }
  if (holdsRole(membership, "system_administrator", now)) {
    return { pages: allPages(pages), basis: "system-administrator" };
  }
  if (hasTenantRole(actor, "exchange_admin")) {
    DIRECTORY_PAGES.forEach((p) => pages.add(p));
    return { pages, basis: "exchange-admin" };
  }
  if (holdsRole(membership, "system_customizer", now)) {
    DIRECTORY_PAGES.forEach((p) => pages.add(p));
    return { pages, basis: "system-customizer" };
  }
  // Ours: a custom role with Assign Security Role needs the users and roles pages to use it.
  if (hasPrivilege(membership, "prvAssignRole", "user", now)) {
    (["overview", "users", "roles"] as const).forEach((p) => pages.add(p));
  }
  return { pages, basis: membership ? "member" : "none" };
}

function allPages(pages: Set<EnvironmentPage>): Set<EnvironmentPage> {
  const all: EnvironmentPage[] = [...DIRECTORY_PAGES, "email-settings", "server-profiles"];
  all.forEach((p) => pages.add(p));
  return pages;
}

export function decideViewEnvironmentPage(
  actor: Actor,
  environmentId: number,
  page: EnvironmentPage,
  now: Date,
): Decision {
  const access = environmentAccess(actor, environmentId, now);
  if (access.pages.size === 0) return NOT_FOUND;
  if (access.pages.has(page)) return allow();
  return deny(
    "0x80040220",
    "NOT_PERMITTED",
    "You can see your own mailbox in this environment, but not this page. A System Administrator of the environment or a tenant admin can.",
  );
}

/** Tenant pages (directory users, tenant roles, Exchange facts). */
export function decideViewTenantUsers(actor: Actor): Decision {
  if (hasTenantRole(actor, "global_admin", "exchange_admin", "power_platform_admin", "dynamics365_admin")) {
    return allow();
  }
  return deny(
    "0x80040220",
    "NOT_TENANT_ADMIN",
    "Only tenant admins (Global, Exchange, Power Platform or Dynamics 365 Administrator) can see the directory.",
  );
}

/** The tenant's delegations (every Delegated Mailbox Approver assignment): the tenant admins; commands are decided apart. */
export function decideViewDelegations(actor: Actor): Decision {
  if (hasTenantRole(actor, "global_admin", "exchange_admin", "power_platform_admin", "dynamics365_admin"))
    return allow();
  return deny(
    "0x80040220",
    "NOT_TENANT_ADMIN",
    "Only tenant admins (Global, Exchange, Power Platform or Dynamics 365 Administrator) can see the tenant's delegations.",
  );
}

/** The audit log page: open to whoever may see any event at all (DOMAIN §11, as auditScope decides it). */
export function decideViewAuditLog(actor: Actor, now: Date): Decision {
  if (!isEmptyScope(auditScope(actor, now))) return allow();
  return deny(
    "0x80040220",
    "NOT_PERMITTED",
    "The audit log is for tenant admins (Global, Exchange, Power Platform, Dynamics 365) and for System Administrators of an environment.",
  );
}

type ViewedMailbox = { environmentId: number; regardingType: "user" | "queue"; regardingUserId: number | null };

/** A mailbox's form: whoever may open the environment's mailboxes, and the owner of their own. */
export function decideViewMailbox(actor: Actor, mailbox: ViewedMailbox, now: Date): Decision {
  return mailboxViewer(actor, mailbox.environmentId, now)(mailbox) ? allow() : NOT_FOUND;
}

/**
 * decideViewMailbox for many mailboxes of one environment (a bulk command's rows): the actor's
 * access is worked out once, each mailbox then costs a comparison.
 */
export function mailboxViewer(actor: Actor, environmentId: number, now: Date): (mailbox: ViewedMailbox) => boolean {
  const seesAll = environmentAccess(actor, environmentId, now).pages.has("mailboxes");
  const membership = activeMembership(actor, environmentId);
  return (mailbox) => {
    if (mailbox.environmentId !== environmentId) return decideViewMailbox(actor, mailbox, now).allowed;
    if (seesAll) return true;
    return (
      mailbox.regardingType === "user" &&
      membership !== null &&
      mailbox.regardingUserId === membership.environmentUserId
    );
  };
}
