import { hasTenantRole, type Actor } from "./actor";
import type { TenantRole } from "./catalog";
import { allow, deny, type Condition, type Decision } from "./decision";

/**
 * The tenant admin area (Microsoft 365 admin center's shape): who may create directory users,
 * enable or disable them, change their tenant roles and edit their Exchange facts.
 */

export const MISSING_PRIVILEGE = "0x80040220";

/** What the rules need to know about the directory user being changed. */
export type DirectoryUserFacts = { id: number; isEnabled: boolean; tenantRoles: readonly TenantRole[] };

const isGlobalAdmin = (actor: Actor): Condition => ({
  id: "global-admin",
  label: "You are a Global Administrator",
  held: hasTenantRole(actor, "global_admin"),
});

function notGlobalAdmin(what: string, conditions: Condition[]): Decision {
  return deny(MISSING_PRIVILEGE, "NOT_GLOBAL_ADMIN", `Only Global Administrators can ${what}.`, conditions);
}

/** An enabled Global Administrator counts towards the tenant's minimum of one. */
const countsAsGlobalAdmin = (user: DirectoryUserFacts) => user.isEnabled && user.tenantRoles.includes("global_admin");

export function decideCreateDirectoryUser(actor: Actor): Decision {
  const global = isGlobalAdmin(actor);
  return global.held
    ? allow("You can create directory users.", [global])
    : notGlobalAdmin("create directory users", [global]);
}

/**
 * Without `change`: may the actor manage tenant roles at all (the page's command). With it: may
 * the target's roles become `nextRoles`, given how many enabled Global Administrators there are.
 */
export function decideManageTenantRoles(
  actor: Actor,
  change?: { target: DirectoryUserFacts; nextRoles: readonly TenantRole[]; enabledGlobalAdmins: number },
): Decision {
  const global = isGlobalAdmin(actor);
  if (!global.held) return notGlobalAdmin("manage tenant roles", [global]);
  if (!change) return allow("You can manage tenant roles.", [global]);

  const removesGlobal = countsAsGlobalAdmin(change.target) && !change.nextRoles.includes("global_admin");
  const keepsOne: Condition = {
    id: "keeps-a-global-admin",
    label: "The tenant keeps at least one enabled Global Administrator",
    held: !removesGlobal || change.enabledGlobalAdmins > 1,
  };
  if (!keepsOne.held) {
    return deny(
      MISSING_PRIVILEGE,
      "LAST_GLOBAL_ADMIN",
      "This is the last enabled Global Administrator, and the tenant must keep one. Make someone else Global Administrator first.",
      [global, keepsOne],
    );
  }
  return allow("You can save these tenant roles.", [global, keepsOne]);
}

export function decideSetUserEnabled(
  actor: Actor,
  change: { target: DirectoryUserFacts; isEnabled: boolean; enabledGlobalAdmins: number },
): Decision {
  const verb = change.isEnabled ? "enable" : "disable";
  const global = isGlobalAdmin(actor);
  if (!global.held) return notGlobalAdmin(`${verb} users`, [global]);
  if (change.isEnabled) return allow("You can enable this user.", [global]);

  const notSelf: Condition = {
    id: "not-self",
    label: "You are not disabling your own account",
    held: change.target.id !== actor.id,
  };
  const keepsOne: Condition = {
    id: "keeps-a-global-admin",
    label: "The tenant keeps at least one enabled Global Administrator",
    held: !countsAsGlobalAdmin(change.target) || change.enabledGlobalAdmins > 1,
  };
  const conditions = [global, notSelf, keepsOne];
  if (!notSelf.held) {
    return deny(
      MISSING_PRIVILEGE,
      "SELF_DISABLE",
      "You cannot disable your own account. Another Global Administrator can.",
      conditions,
    );
  }
  if (!keepsOne.held) {
    return deny(
      MISSING_PRIVILEGE,
      "LAST_GLOBAL_ADMIN",
      "This is the last enabled Global Administrator, and the tenant must keep one. Make someone else Global Administrator first.",
      conditions,
    );
  }
  return allow("You can disable this user.", conditions);
}

export function decideEditExchangeFacts(actor: Actor): Decision {
  const admin: Condition = {
    id: "exchange-or-global-admin",
    label: "You are a Global or Exchange Administrator",
    held: hasTenantRole(actor, "global_admin", "exchange_admin"),
  };
  if (admin.held) return allow("You can edit Exchange facts.", [admin]);
  return deny(
    MISSING_PRIVILEGE,
    "NOT_EXCHANGE_ADMIN",
    "Only Global and Exchange Administrators can edit Exchange facts.",
    [admin],
  );
}

/** The tenant's settings, such as the maximum delegation length. */
export function decideChangeTenantSettings(actor: Actor): Decision {
  const global = isGlobalAdmin(actor);
  return global.held
    ? allow("You can change the tenant's settings.", [global])
    : notGlobalAdmin("change the tenant's settings", [global]);
}
