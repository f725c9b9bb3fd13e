import type { SsoClaims } from "./sso-claims";

/**
 * Which portal user a single sign-on token signs in as (DOMAIN §11): the directory object named
 * by tenant id and object id, never an email alone. The first SSO sign-in of someone who already
 * has a local account links the two only when the token's UPN is that account's and the token
 * comes from the configured tenant's own issuer; anyone else new is provisioned.
 */

/** The tenant whose tokens the portal accepts, and the issuer its own members' tokens carry. */
export type SsoTrust = { tenantId: string; issuer: string };

/** A portal user as matching needs it. */
export type AccountCandidate = {
  id: number;
  upn: string;
  entraTenantId: string | null;
  entraObjectId: string | null;
};

export type SsoRefusalReason =
  /** The token lacks a tenant id, an object id, or (for someone new) a UPN. */
  | "MISSING_CLAIMS"
  /** The token was issued for another tenant. */
  | "FOREIGN_TENANT"
  /** A local account has this UPN but may not be linked to this token (see matchSsoAccount). */
  | "UPN_NOT_LINKABLE"
  /** The account with this UPN already signs in as another directory object. */
  | "UPN_LINKED_ELSEWHERE";

export type AccountMatch =
  | { outcome: "existing"; userId: number }
  | { outcome: "link"; userId: number }
  | { outcome: "provision"; upn: string; displayName: string }
  | { outcome: "refuse"; reason: SsoRefusalReason };

const refuse = (reason: SsoRefusalReason): AccountMatch => ({ outcome: "refuse", reason });

/**
 * @param byObject the user already linked to the token's tenant id and object id, if any
 * @param byUpn the user whose UPN is the token's UPN, if any
 */
export function matchSsoAccount(
  claims: SsoClaims,
  trust: SsoTrust,
  found: { byObject: AccountCandidate | null; byUpn: AccountCandidate | null },
): AccountMatch {
  if (!claims.tenantId || !claims.objectId) return refuse("MISSING_CLAIMS");
  if (claims.tenantId !== trust.tenantId) return refuse("FOREIGN_TENANT");
  if (found.byObject) return { outcome: "existing", userId: found.byObject.id };
  if (!claims.upn) return refuse("MISSING_CLAIMS");

  const local = found.byUpn;
  if (!local) return { outcome: "provision", upn: claims.upn, displayName: claims.displayName ?? claims.upn };
  if (local.entraObjectId !== null) return refuse("UPN_LINKED_ELSEWHERE");
  const isLinkable = local.upn.toLowerCase() === claims.upn && claims.issuer === trust.issuer && !claims.isGuest;
  return isLinkable ? { outcome: "link", userId: local.id } : refuse("UPN_NOT_LINKABLE");
}
