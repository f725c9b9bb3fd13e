import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rolePrivileges, securityRoles } from "@/db/schema";
import type { Depth, Privilege, SystemRoleKey } from "@/lib/policy/catalog";
import type { RoleFacts } from "@/lib/policy/role-assignment";

export type EnvironmentRole = RoleFacts & {
  id: number;
  environmentId: number;
  isCustom: boolean;
  description: string;
  version: number;
};

/** An environment's security roles with their privileges, in name order. */
export function loadEnvironmentRoles(db: Db | Tx, environmentId: number): EnvironmentRole[] {
  const roles = db
    .select()
    .from(securityRoles)
    .where(eq(securityRoles.environmentId, environmentId))
    .orderBy(asc(securityRoles.name))
    .all();
  const privileges = roles.length
    ? db
        .select()
        .from(rolePrivileges)
        .where(
          inArray(
            rolePrivileges.roleId,
            roles.map((r) => r.id),
          ),
        )
        .all()
    : [];
  return roles.map((role) => ({
    id: role.id,
    environmentId: role.environmentId,
    key: role.key as SystemRoleKey | null,
    name: role.name,
    isAssignable: role.isAssignable,
    isCustom: role.isCustom,
    description: role.description,
    version: role.version,
    privileges: Object.fromEntries(
      privileges.filter((p) => p.roleId === role.id).map((p) => [p.privilege as Privilege, p.depth as Depth]),
    ) as Partial<Record<Privilege, Depth>>,
  }));
}
