import "server-only";
import { prepare } from "@/db/query";
import { asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rolePrivileges, securityRoles } from "@/db/schema";
import type { Depth, Privilege, SystemRoleKey } from "@/lib/policy/catalog";
import type { RoleFacts } from "@/lib/policy/role-assignment";
import { preparedOnce } from "../prepared";

export type EnvironmentRole = RoleFacts & {
  id: number;
  environmentId: number;
  isCustom: boolean;
  description: string;
  version: number;
};

/** An environment's security roles with their privileges, in name order. */
export async function loadEnvironmentRoles(db: Db | Tx, environmentId: number): Promise<EnvironmentRole[]> {
  // Every Users page reads them: prepared once, unless inside a transaction (issue 20).
  const { roles: rolesOf, privileges: privilegesOf } = preparedOnce(db, prepareRoles);
  const roles = await rolesOf.all({ environmentId });
  const privileges = roles.length ? await privilegesOf.all({ environmentId }) : [];
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

const prepareRoles = (db: Db | Tx) => ({
  roles: prepare(
    db
      .select()
      .from(securityRoles)
      .where(eq(securityRoles.environmentId, sql.placeholder("environmentId")))
      .orderBy(asc(securityRoles.name)),
  ),
  privileges: prepare(
    db
      .select()
      .from(rolePrivileges)
      .where(
        inArray(
          rolePrivileges.roleId,
          db
            .select({ id: securityRoles.id })
            .from(securityRoles)
            .where(eq(securityRoles.environmentId, sql.placeholder("environmentId"))),
        ),
      ),
  ),
});
