import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  directoryUsers,
  environmentUsers,
  rolePrivileges,
  securityRoles,
  teamMembers,
  teamRoleAssignments,
  teams,
  tenantRoleAssignments,
  userRoleAssignments,
} from "@/db/schema";
import type { Actor, Membership, RoleHolding } from "@/lib/policy/actor";
import type { Depth, Privilege, SystemRoleKey } from "@/lib/policy/catalog";

/**
 * Builds the actor's facts from the database: tenant roles, every environment membership with
 * its roles (direct and through teams) and their privileges. Read on every request, so a removed
 * role or a disabled account stops working at once. Returns null for an unknown user.
 */
export function loadActor(db: Db, directoryUserId: number): Actor | null {
  const user = db.select().from(directoryUsers).where(eq(directoryUsers.id, directoryUserId)).get();
  if (!user) return null;

  const tenantRoles = db
    .select({ role: tenantRoleAssignments.role })
    .from(tenantRoleAssignments)
    .where(eq(tenantRoleAssignments.directoryUserId, user.id))
    .all()
    .map((r) => r.role);

  const envUsers = db.select().from(environmentUsers).where(eq(environmentUsers.directoryUserId, user.id)).all();
  const envUserIds = envUsers.map((u) => u.id);

  const direct = envUserIds.length
    ? db
        .select({
          environmentUserId: userRoleAssignments.environmentUserId,
          roleId: userRoleAssignments.roleId,
          endsAt: userRoleAssignments.endsAt,
        })
        .from(userRoleAssignments)
        .where(inArray(userRoleAssignments.environmentUserId, envUserIds))
        .all()
    : [];
  const viaTeams = envUserIds.length
    ? db
        .select({
          environmentUserId: teamMembers.environmentUserId,
          roleId: teamRoleAssignments.roleId,
          teamName: teams.name,
        })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .innerJoin(teamRoleAssignments, eq(teamRoleAssignments.teamId, teams.id))
        .where(inArray(teamMembers.environmentUserId, envUserIds))
        .all()
    : [];

  const roleIds = [...new Set([...direct, ...viaTeams].map((r) => r.roleId))];
  const roles = roleIds.length ? db.select().from(securityRoles).where(inArray(securityRoles.id, roleIds)).all() : [];
  const privileges = roleIds.length
    ? db.select().from(rolePrivileges).where(inArray(rolePrivileges.roleId, roleIds)).all()
    : [];
  const privilegesByRole = new Map<number, Partial<Record<Privilege, Depth>>>();
  for (const p of privileges) {
    const map = privilegesByRole.get(p.roleId) ?? {};
    map[p.privilege as Privilege] = p.depth;
    privilegesByRole.set(p.roleId, map);
  }
  const roleById = new Map(roles.map((r) => [r.id, r]));

  const holding = (roleId: number, extra: Pick<RoleHolding, "via" | "teamName" | "endsAt">): RoleHolding => {
    const role = roleById.get(roleId)!;
    return {
      roleId,
      key: role.key as SystemRoleKey | null,
      name: role.name,
      privileges: privilegesByRole.get(roleId) ?? {},
      ...extra,
    };
  };

  const memberships: Membership[] = envUsers.map((eu) => ({
    environmentId: eu.environmentId,
    environmentUserId: eu.id,
    isEnabled: eu.isEnabled,
    email: eu.email,
    roles: [
      ...direct
        .filter((d) => d.environmentUserId === eu.id)
        .map((d) => holding(d.roleId, { via: "direct", teamName: null, endsAt: d.endsAt })),
      ...viaTeams
        .filter((t) => t.environmentUserId === eu.id)
        .map((t) => holding(t.roleId, { via: "team", teamName: t.teamName, endsAt: null })),
    ],
  }));

  return {
    id: user.id,
    upn: user.upn,
    displayName: user.displayName,
    isEnabled: user.isEnabled,
    tenantRoles,
    memberships,
  };
}
