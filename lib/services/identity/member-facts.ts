import "server-only";
import { inJsonIds } from "@/db/sql";
import { prepare } from "@/db/query";
import { eq, sql, type SQLWrapper } from "drizzle-orm";
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
import type { Actor, RoleHolding } from "@/lib/policy/actor";
import type { Depth, Privilege, SystemRoleKey } from "@/lib/policy/catalog";
import { preparedOnce } from "../prepared";

/**
 * The facts the rules need about other people (delegation holders, picker candidates): for each
 * environment user, an Actor holding only that environment's membership, with tenant roles and
 * roles direct and through teams, exactly as loadActor builds the signed-in actor. Six statements,
 * prepared once, for any number of people: the ids travel as one JSON parameter. Inside a
 * transaction, pass the database it runs on (better-sqlite3 has one connection, so the reads see
 * the transaction's writes).
 */
export async function loadMemberActors(db: Db, environmentUserIds: readonly number[]): Promise<Map<number, Actor>> {
  return await loadMembers(db, environmentUserIds, true);
}

/**
 * loadMemberActors without their roles (one statement instead of six): each Actor holds its
 * membership, enabled or not, and no tenant or environment role. Rights only ever add to what a
 * person may do, so what the policy allows such an actor it allows the person; for the rest, ask
 * again with loadMemberActors (e.g. 10,000 owners told of their own mailboxes' approval).
 */
export async function loadBareMembers(db: Db, environmentUserIds: readonly number[]): Promise<Map<number, Actor>> {
  return await loadMembers(db, environmentUserIds, false);
}

async function loadMembers(
  db: Db,
  environmentUserIds: readonly number[],
  withRoles: boolean,
): Promise<Map<number, Actor>> {
  const found = new Map<number, Actor>();
  if (environmentUserIds.length === 0) return found;
  const q = preparedOnce(db, prepareMemberFacts);
  const ids = JSON.stringify([...new Set(environmentUserIds)]);
  const members = await q.members.all({ ids });
  if (members.length === 0) return found;
  if (!withRoles) {
    for (const m of members) found.set(m.id, bareActor(m));
    return found;
  }
  const tenantRoles = await q.tenantRoles.all({ ids: JSON.stringify([...new Set(members.map((m) => m.dirId))]) });
  const direct = await q.direct.all({ ids });
  const viaTeams = await q.viaTeams.all({ ids });
  const roleIds = JSON.stringify([...new Set([...direct, ...viaTeams].map((r) => r.roleId))]);
  const roles = new Map((await q.roles.all({ ids: roleIds })).map((r) => [r.id, r]));
  const privileges = new Map<number, Partial<Record<Privilege, Depth>>>();
  for (const p of await q.privileges.all({ ids: roleIds })) {
    privileges.set(p.roleId, { ...privileges.get(p.roleId), [p.privilege as Privilege]: p.depth });
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
    const actor = bareActor(m);
    actor.tenantRoles = (tenantRolesOf.get(m.dirId) ?? []).map((t) => t.role);
    actor.memberships[0]!.roles = [
      ...(directOf.get(m.id) ?? []).map((d) => holding(d.roleId, { via: "direct", teamName: null, endsAt: d.endsAt })),
      ...(teamsOf.get(m.id) ?? []).map((t) => holding(t.roleId, { via: "team", teamName: t.teamName, endsAt: null })),
    ];
    found.set(m.id, actor);
  }
  return found;
}

/** A row of the members statement: derived from it, so the two cannot drift. */
type MemberRow = ReturnType<ReturnType<typeof prepareMemberFacts>["members"]["all"]>[number];

/** A member as an Actor with their one membership and no roles yet. */
function bareActor(m: MemberRow): Actor {
  return {
    id: m.dirId,
    upn: m.upn,
    displayName: m.displayName,
    isEnabled: m.dirEnabled,
    tenantRoles: [],
    memberships: [
      { environmentId: m.environmentId, environmentUserId: m.id, isEnabled: m.isEnabled, email: m.email, roles: [] },
    ],
  };
}

/** `column` is one of the ids in the JSON array bound to `ids`: one parameter for any number of ids. */
const inIds = (column: SQLWrapper) => inJsonIds(column, sql.placeholder("ids"));

function prepareMemberFacts(db: Db) {
  return {
    members: prepare(
      db
        .select({
          id: environmentUsers.id,
          environmentId: environmentUsers.environmentId,
          isEnabled: environmentUsers.isEnabled,
          email: environmentUsers.email,
          dirId: directoryUsers.id,
          upn: directoryUsers.upn,
          displayName: directoryUsers.displayName,
          dirEnabled: directoryUsers.isEnabled,
        })
        .from(environmentUsers)
        .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
        .where(inIds(environmentUsers.id)),
    ),
    tenantRoles: prepare(
      db
        .select({ dirId: tenantRoleAssignments.directoryUserId, role: tenantRoleAssignments.role })
        .from(tenantRoleAssignments)
        .where(inIds(tenantRoleAssignments.directoryUserId)),
    ),
    direct: prepare(
      db
        .select({
          userId: userRoleAssignments.environmentUserId,
          roleId: userRoleAssignments.roleId,
          endsAt: userRoleAssignments.endsAt,
        })
        .from(userRoleAssignments)
        .where(inIds(userRoleAssignments.environmentUserId)),
    ),
    viaTeams: prepare(
      db
        .select({ userId: teamMembers.environmentUserId, roleId: teamRoleAssignments.roleId, teamName: teams.name })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .innerJoin(teamRoleAssignments, eq(teamRoleAssignments.teamId, teams.id))
        .where(inIds(teamMembers.environmentUserId)),
    ),
    roles: prepare(
      db
        .select({ id: securityRoles.id, key: securityRoles.key, name: securityRoles.name })
        .from(securityRoles)
        .where(inIds(securityRoles.id)),
    ),
    privileges: prepare(
      db
        .select({ roleId: rolePrivileges.roleId, privilege: rolePrivileges.privilege, depth: rolePrivileges.depth })
        .from(rolePrivileges)
        .where(inIds(rolePrivileges.roleId)),
    ),
  };
}
