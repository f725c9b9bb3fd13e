import "server-only";
import type { Db } from "@/db/client";
import type { Actor, RoleHolding } from "@/lib/policy/actor";
import type { Depth, Privilege, SystemRoleKey, TenantRole } from "@/lib/policy/catalog";

/**
 * The facts the rules need about other people (delegation holders, picker candidates): for each
 * environment user, an Actor holding only that environment's membership, with tenant roles and
 * roles direct and through teams, exactly as loadActor builds the signed-in actor. Six statements
 * for any number of people: the ids travel as one JSON parameter. Inside a transaction, pass the
 * database it runs on (better-sqlite3 has one connection, so the reads see the transaction's writes).
 */
export function loadMemberActors(db: Db, environmentUserIds: readonly number[]): Map<number, Actor> {
  const found = new Map<number, Actor>();
  if (environmentUserIds.length === 0) return found;
  const client = db.$client;
  const ids = JSON.stringify([...new Set(environmentUserIds)]);
  const all = <T>(sql: string, ...params: unknown[]) => client.prepare(sql).all(...params) as T[];

  const members = all<{
    id: number;
    environmentId: number;
    isEnabled: number;
    email: string;
    dirId: number;
    upn: string;
    displayName: string;
    dirEnabled: number;
  }>(
    `select eu.id, eu.environment_id as environmentId, eu.is_enabled as isEnabled, eu.email,
            d.id as dirId, d.upn, d.display_name as displayName, d.is_enabled as dirEnabled
     from environment_users eu join directory_users d on d.id = eu.directory_user_id
     where eu.id in (select value from json_each(?))`,
    ids,
  );
  if (members.length === 0) return found;
  const dirIds = JSON.stringify([...new Set(members.map((m) => m.dirId))]);
  const tenantRoles = all<{ dirId: number; role: TenantRole }>(
    `select directory_user_id as dirId, role from tenant_role_assignments
     where directory_user_id in (select value from json_each(?))`,
    dirIds,
  );
  const direct = all<{ userId: number; roleId: number; endsAt: number | null }>(
    `select environment_user_id as userId, role_id as roleId, ends_at as endsAt from user_role_assignments
     where environment_user_id in (select value from json_each(?))`,
    ids,
  );
  const viaTeams = all<{ userId: number; roleId: number; teamName: string }>(
    `select m.environment_user_id as userId, r.role_id as roleId, t.name as teamName
     from team_members m join teams t on t.id = m.team_id join team_role_assignments r on r.team_id = t.id
     where m.environment_user_id in (select value from json_each(?))`,
    ids,
  );
  const roleIds = JSON.stringify([...new Set([...direct, ...viaTeams].map((r) => r.roleId))]);
  const roles = new Map(
    all<{ id: number; key: string | null; name: string }>(
      "select id, key, name from security_roles where id in (select value from json_each(?))",
      roleIds,
    ).map((r) => [r.id, r]),
  );
  const privileges = new Map<number, Partial<Record<Privilege, Depth>>>();
  for (const p of all<{ roleId: number; privilege: Privilege; depth: Depth }>(
    "select role_id as roleId, privilege, depth from role_privileges where role_id in (select value from json_each(?))",
    roleIds,
  )) {
    privileges.set(p.roleId, { ...privileges.get(p.roleId), [p.privilege]: p.depth });
  }

  const byKey = <T, K>(rows: T[], key: (row: T) => K) => {
    const map = new Map<K, T[]>();
    for (const row of rows) {
      const list = map.get(key(row));
      if (list) list.push(row);
      else map.set(key(row), [row]);
    }
    return map;
  };
  const tenantRolesOf = byKey(tenantRoles, (t) => t.dirId);
  const directOf = byKey(direct, (d) => d.userId);
  const teamsOf = byKey(viaTeams, (t) => t.userId);
  const holding = (roleId: number, extra: Pick<RoleHolding, "via" | "teamName" | "endsAt">): RoleHolding => ({
    roleId,
    key: roles.get(roleId)!.key as SystemRoleKey | null,
    name: roles.get(roleId)!.name,
    privileges: privileges.get(roleId) ?? {},
    ...extra,
  });
  for (const m of members) {
    found.set(m.id, {
      id: m.dirId,
      upn: m.upn,
      displayName: m.displayName,
      isEnabled: m.dirEnabled === 1,
      tenantRoles: (tenantRolesOf.get(m.dirId) ?? []).map((t) => t.role),
      memberships: [
        {
          environmentId: m.environmentId,
          environmentUserId: m.id,
          isEnabled: m.isEnabled === 1,
          email: m.email,
          roles: [
            ...(directOf.get(m.id) ?? []).map((d) =>
              holding(d.roleId, {
                via: "direct",
                teamName: null,
                endsAt: d.endsAt === null ? null : new Date(d.endsAt),
              }),
            ),
            ...(teamsOf.get(m.id) ?? []).map((t) =>
              holding(t.roleId, { via: "team", teamName: t.teamName, endsAt: null }),
            ),
          ],
        },
      ],
    });
  }
  return found;
}
