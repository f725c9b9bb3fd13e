import { depthRank, type Depth, type Privilege, type SystemRoleKey, type TenantRole } from "./catalog";

/** A role the actor holds in one environment, directly or through a team. */
export type RoleHolding = {
  roleId: number;
  key: SystemRoleKey | null;
  name: string;
  via: "direct" | "team";
  teamName: string | null;
  endsAt: Date | null;
  privileges: Partial<Record<Privilege, Depth>>;
};

export type Membership = {
  environmentId: number;
  environmentUserId: number;
  isEnabled: boolean;
  email: string;
  roles: RoleHolding[];
};

/** The signed-in person, built from the database on every request (never from the cookie). */
export type Actor = {
  id: number;
  upn: string;
  displayName: string;
  isEnabled: boolean;
  tenantRoles: TenantRole[];
  memberships: Membership[];
};

export function hasTenantRole(actor: Actor, ...roles: TenantRole[]): boolean {
  return actor.isEnabled && actor.tenantRoles.some((r) => roles.includes(r));
}

/** An assignment with an end date grants nothing from that instant on. */
export function isHoldingActive(holding: Pick<RoleHolding, "endsAt">, now: Date): boolean {
  return holding.endsAt === null || holding.endsAt.getTime() > now.getTime();
}

/** The actor's membership of an environment, only while both the user and membership are enabled. */
export function activeMembership(actor: Actor, environmentId: number): Membership | null {
  if (!actor.isEnabled) return null;
  const m = actor.memberships.find((x) => x.environmentId === environmentId);
  return m && m.isEnabled ? m : null;
}

export function holdsRole(
  membership: Membership | null,
  key: SystemRoleKey,
  now: Date,
  options: { directOnly?: boolean } = {},
): boolean {
  if (!membership) return false;
  return membership.roles.some(
    (r) => r.key === key && isHoldingActive(r, now) && (!options.directOnly || r.via === "direct"),
  );
}

/** The deepest depth at which any active role grants the privilege, or null. */
export function privilegeDepth(membership: Membership | null, privilege: Privilege, now: Date): Depth | null {
  if (!membership) return null;
  let best: Depth | null = null;
  for (const role of membership.roles) {
    const depth = role.privileges[privilege];
    if (!depth || !isHoldingActive(role, now)) continue;
    if (best === null || depthRank(depth) > depthRank(best)) best = depth;
  }
  return best;
}

export function hasPrivilege(membership: Membership | null, privilege: Privilege, atLeast: Depth, now: Date): boolean {
  const depth = privilegeDepth(membership, privilege, now);
  return depth !== null && depthRank(depth) >= depthRank(atLeast);
}
