import { hasTenantRole, type Actor } from "./actor";
import type { TenantRole } from "./catalog";
import { allow, deny, type Condition, type Decision } from "./decision";
import { MISSING_PRIVILEGE } from "./tenant-admin";

/**
 * Break-glass accounts (DOMAIN §11): with local sign-in turned off (MAILGATE_LOCAL_SIGNIN=off)
 * only Global Administrators marked break-glass may still use a password, so the tenant is not
 * locked out when the identity provider is down or misconfigured.
 */

export type PasswordAccount = { isEnabled: boolean; isBreakGlass: boolean; tenantRoles: readonly TenantRole[] };

/** Whether the password form may sign this account in (its password is checked separately). */
export function mayUsePassword(isLocalSignInOn: boolean, account: PasswordAccount): boolean {
  return isLocalSignInOn || isUsableBreakGlass(account);
}

/** A break-glass flag counts only on an enabled Global Administrator: the flag alone opens nothing. */
export function isUsableBreakGlass(account: PasswordAccount): boolean {
  return account.isBreakGlass && account.isEnabled && account.tenantRoles.includes("global_admin");
}

export type BreakGlassTarget = PasswordAccount & { hasPassword: boolean };

/** Without `change`: may the actor mark accounts at all (the page's command). */
export function decideSetBreakGlass(
  actor: Actor,
  change?: { target: BreakGlassTarget; isBreakGlass: boolean },
): Decision {
  const global: Condition = {
    id: "global-admin",
    label: "You are a Global Administrator",
    held: hasTenantRole(actor, "global_admin"),
  };
  if (!global.held)
    return deny(MISSING_PRIVILEGE, "NOT_GLOBAL_ADMIN", "Only Global Administrators can mark break-glass accounts.", [
      global,
    ]);
  if (!change) return allow("You can mark break-glass accounts.", [global]);
  if (!change.isBreakGlass) return allow("You can clear the break-glass mark.", [global]);

  const targetGlobal: Condition = {
    id: "target-global-admin",
    label: "The account is a Global Administrator",
    held: change.target.tenantRoles.includes("global_admin"),
  };
  const hasPassword: Condition = {
    id: "has-password",
    label: "The account has a portal password",
    held: change.target.hasPassword,
  };
  const conditions = [global, targetGlobal, hasPassword];
  if (!targetGlobal.held)
    return deny(
      MISSING_PRIVILEGE,
      "NOT_GLOBAL_ADMIN_ACCOUNT",
      "Only a Global Administrator's account can be a break-glass account.",
      conditions,
    );
  if (!hasPassword.held)
    return deny(
      MISSING_PRIVILEGE,
      "NO_PASSWORD",
      "This account has no portal password: it signs in with single sign-on only, so it cannot be a break-glass account.",
      conditions,
    );
  return allow("You can mark this account break-glass.", conditions);
}

/** The home page's warning: single sign-on is on and no usable break-glass account exists. Shown to Global Administrators, who can fix it. */
export function shouldWarnNoBreakGlass(actor: Actor, facts: { isSsoOn: boolean; usableBreakGlass: number }): boolean {
  return facts.isSsoOn && facts.usableBreakGlass === 0 && hasTenantRole(actor, "global_admin");
}
