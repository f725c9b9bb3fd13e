import { hasTenantRole, type Actor } from "./actor";
import { allow, deny, NOT_FOUND, type Condition, type Decision } from "./decision";
import { MISSING_PRIVILEGE } from "./tenant-admin";

/**
 * DOMAIN §11 "API tokens": a personal access token acts as its owner with the owner's current
 * rights, narrowed by its scopes; it expires within 90 days, is revocable, and a Global
 * Administrator can see and revoke anyone's, or turn tokens off for the tenant.
 */

export const API_SCOPES = [
  "mailboxes.read",
  "mailboxes.approve",
  "delegations.read",
  "delegations.write",
  "audit.read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  "mailboxes.read": "Read environments and mailboxes, with who can approve them",
  "mailboxes.approve": "Pre-check, approve and reject mailboxes' email addresses; follow the runs",
  "delegations.read": "Read Delegated Mailbox Approver assignments",
  "delegations.write": "Delegate, extend and remove Delegated Mailbox Approver",
  "audit.read": "Read and export the audit log",
};

export const MAX_TOKEN_DAYS = 90;
const DAY_MS = 24 * 60 * 60_000;
/** A use after expiry is audited, then not again for this long, so a forgotten cron job cannot flood the log. */
export const EXPIRED_USE_AUDIT_INTERVAL_MS = 60 * 60_000;

/** The space-separated scopes a token row stores, as a list; unknown words (a scope since removed) grant nothing. */
export function parseScopes(text: string): ApiScope[] {
  return text.split(" ").filter((word): word is ApiScope => (API_SCOPES as readonly string[]).includes(word));
}

export type TokenTermsCheck = { ok: true } | { ok: false; field: "expiresAt"; reason: string; message: string };

/** A new token's expiry: required, in the future, and at most MAX_TOKEN_DAYS away. */
export function checkTokenExpiry(expiresAt: Date, now: Date): TokenTermsCheck {
  if (expiresAt.getTime() <= now.getTime())
    return { ok: false, field: "expiresAt", reason: "EXPIRY_IN_PAST", message: "Choose an expiry date in the future." };
  if (expiresAt.getTime() - now.getTime() > MAX_TOKEN_DAYS * DAY_MS)
    return {
      ok: false,
      field: "expiresAt",
      reason: "EXPIRY_TOO_LATE",
      message: `A token expires within ${MAX_TOKEN_DAYS} days. Choose an earlier date.`,
    };
  return { ok: true };
}

const tokensOn = (isOn: boolean): Condition => ({
  id: "api-tokens-on",
  label: "API tokens are on for this tenant",
  held: isOn,
});

/** Anyone who can sign in may create tokens for themselves, while the tenant allows tokens. */
export function decideCreateApiToken(actor: Actor, tenant: { isApiTokensOn: boolean }): Decision {
  const on = tokensOn(tenant.isApiTokensOn);
  if (!actor.isEnabled) return deny(MISSING_PRIVILEGE, "USER_DISABLED", "Your account is disabled.", [on]);
  if (!on.held)
    return deny(
      MISSING_PRIVILEGE,
      "API_TOKENS_OFF",
      "A Global Administrator has turned API tokens off for this tenant.",
      [on],
    );
  return allow("You can create API tokens.", [on]);
}

/**
 * Seeing and revoking a user's tokens: the owner, and any Global Administrator. Anyone else is
 * answered "not found", so token ids reveal nothing.
 */
export function decideManageApiTokens(actor: Actor, ownerId: number): Decision {
  if (!actor.isEnabled) return NOT_FOUND;
  if (actor.id === ownerId) return allow("These are your tokens.");
  return hasTenantRole(actor, "global_admin") ? allow("Global Administrators can revoke anyone's tokens.") : NOT_FOUND;
}

/** Turning API tokens on or off for the tenant: Global Administrators only. */
export function decideSetApiTokensOn(actor: Actor): Decision {
  const global: Condition = {
    id: "global-admin",
    label: "You are a Global Administrator",
    held: hasTenantRole(actor, "global_admin"),
  };
  return global.held
    ? allow("You can turn API tokens on or off.", [global])
    : deny(MISSING_PRIVILEGE, "NOT_GLOBAL_ADMIN", "Only Global Administrators can turn API tokens on or off.", [
        global,
      ]);
}

export type TokenFacts = {
  expiresAt: Date;
  revokedAt: Date | null;
  isOwnerEnabled: boolean;
  isApiTokensOn: boolean;
};

/** Not authenticated: answered 401, with a reason a script's author can act on. */
export const UNAUTHENTICATED = "UNAUTHENTICATED";

/** Whether a presented token (found by its hash) may act now; a refusal is a 401. */
export function decideTokenUse(token: TokenFacts, now: Date): Decision {
  if (token.revokedAt !== null) return deny(UNAUTHENTICATED, "TOKEN_REVOKED", "This token has been revoked.");
  if (token.expiresAt.getTime() <= now.getTime())
    return deny(UNAUTHENTICATED, "TOKEN_EXPIRED", "This token has expired. Create a new one on your API tokens page.");
  if (!token.isOwnerEnabled) return deny(UNAUTHENTICATED, "USER_DISABLED", "The owner of this token is disabled.");
  if (!token.isApiTokensOn)
    return deny(UNAUTHENTICATED, "API_TOKENS_OFF", "A Global Administrator has turned API tokens off for this tenant.");
  return allow("Token accepted.");
}

/** A token's scopes narrow what its owner may do: an endpoint needs one of `needed`. */
export function decideScope(scopes: readonly ApiScope[], needed: readonly ApiScope[]): Decision {
  if (needed.length === 0 || needed.some((scope) => scopes.includes(scope))) return allow();
  return deny(
    MISSING_PRIVILEGE,
    "INSUFFICIENT_SCOPE",
    `This token does not have the ${needed.join(" or ")} scope. Create a token with it.`,
    needed.map((scope) => ({ id: scope, label: `The token has ${scope}`, held: false })),
  );
}

/** Whether a use after expiry should be written to the audit log now. */
export function isExpiredUseAuditDue(lastAuditedAt: Date | null, now: Date): boolean {
  return lastAuditedAt === null || now.getTime() - lastAuditedAt.getTime() >= EXPIRED_USE_AUDIT_INTERVAL_MS;
}
