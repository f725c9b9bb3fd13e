import type { Actor, Membership, RoleHolding } from "./actor";
import { SYSTEM_ROLES, type Depth, type Privilege, type SystemRoleKey, type TenantRole } from "./catalog";

/** Test builders for actors, so policy tests read as data. */

export function holding(key: SystemRoleKey, extra: Partial<RoleHolding> = {}): RoleHolding {
  const template = SYSTEM_ROLES.find((r) => r.key === key)!;
  return {
    roleId: SYSTEM_ROLES.indexOf(template) + 1,
    key,
    name: template.name,
    via: "direct",
    teamName: null,
    endsAt: null,
    privileges: template.privileges,
    ...extra,
  };
}

/** A custom role (no system key) held directly, with exactly these privileges. */
export function customRole(
  name: string,
  privileges: Partial<Record<Privilege, Depth>>,
  extra: Partial<RoleHolding> = {},
): RoleHolding {
  return { roleId: 900, key: null, name, via: "direct", teamName: null, endsAt: null, privileges, ...extra };
}

export function membership(environmentId: number, roles: RoleHolding[], extra: Partial<Membership> = {}): Membership {
  return {
    environmentId,
    environmentUserId: environmentId * 100,
    isEnabled: true,
    email: "someone@contoso.com",
    roles,
    ...extra,
  };
}

export function actor(
  input: { tenantRoles?: TenantRole[]; memberships?: Membership[]; isEnabled?: boolean } = {},
): Actor {
  return {
    id: 1,
    upn: "someone@contoso.com",
    displayName: "Someone",
    isEnabled: input.isEnabled ?? true,
    tenantRoles: input.tenantRoles ?? [],
    memberships: input.memberships ?? [],
  };
}
