import { TENANT_ROLE_KEYS, TENANT_ROLES, type TenantRole } from "./catalog";

/**
 * What a single sign-on token says about the person (DOMAIN §11), read from the ID token's
 * claims. Entra ID names the directory object by `tid` (tenant) and `oid` (object); a generic
 * OpenID provider by `iss` and `sub`. Nothing here trusts `email` to identify anyone.
 */

export type SsoKind = "microsoft-entra-id" | "oidc";

export type SsoClaims = {
  tenantId: string | null;
  objectId: string | null;
  /** The user principal name: the `upn` claim, else `preferred_username`; lower-case, or null when neither looks like one. */
  upn: string | null;
  email: string | null;
  displayName: string | null;
  issuer: string | null;
  /** A guest signed in with an account of another organization (Entra's `idp` claim names another issuer). */
  isGuest: boolean;
  tenantRoles: TenantRole[];
};

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" && value.length <= 1024 ? value.trim() : null;

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const address = (value: unknown): string | null => {
  const candidate = text(value)?.toLowerCase() ?? null;
  return candidate && candidate.length <= 320 && ADDRESS.test(candidate) ? candidate : null;
};

export function readSsoClaims(claims: Record<string, unknown>, kind: SsoKind): SsoClaims {
  const issuer = text(claims.iss);
  const idp = text(claims.idp);
  const isEntra = kind === "microsoft-entra-id";
  return {
    tenantId: isEntra ? (text(claims.tid)?.toLowerCase() ?? null) : issuer,
    objectId: isEntra ? (text(claims.oid)?.toLowerCase() ?? null) : text(claims.sub),
    upn: address(claims.upn) ?? address(claims.preferred_username),
    email: address(claims.email),
    displayName: text(claims.name),
    issuer,
    isGuest: idp !== null && idp !== issuer,
    tenantRoles: tenantRolesFromWids(claims.wids),
  };
}

const ROLE_BY_TEMPLATE = new Map<string, TenantRole>(
  TENANT_ROLE_KEYS.map((role) => [TENANT_ROLES[role].templateId, role]),
);

/**
 * The tenant roles a `wids` claim grants: the role template ids of DOMAIN §2, in catalog order.
 * Every other id (Entra puts e.g. the "User" template in every token) grants nothing; no claim, or
 * one of the wrong shape, grants no role at all.
 */
export function tenantRolesFromWids(wids: unknown): TenantRole[] {
  if (!Array.isArray(wids)) return [];
  const held = new Set<TenantRole>();
  for (const id of wids) {
    const role = typeof id === "string" ? ROLE_BY_TEMPLATE.get(id.trim().toLowerCase()) : undefined;
    if (role) held.add(role);
  }
  return TENANT_ROLE_KEYS.filter((role) => held.has(role));
}

/** What a sign-in changes: the roles the token adds and the ones it no longer carries. */
export function diffTenantRoles(
  before: readonly TenantRole[],
  after: readonly TenantRole[],
): { added: TenantRole[]; removed: TenantRole[] } {
  return {
    added: after.filter((role) => !before.includes(role)),
    removed: before.filter((role) => !after.includes(role)),
  };
}
