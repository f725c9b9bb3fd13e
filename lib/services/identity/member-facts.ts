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
 * roles direct and through teams, exactly as loadActor builds the signed-in actor. Four statements,
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
  if (environmentUserIds.length === 0) return new Map();
  const members = await preparedOnce(db, prepareMemberFacts).members.all({
    ids: JSON.stringify([...new Set(environmentUserIds)]),
  });
  if (!withRoles) return new Map(members.map((m) => [m.id, bareActor(m)]));
  return await withRolesOf(db, members);
}

/**
 * Each member as an Actor with their tenant roles and their environment's roles, direct and through
 * teams, with every role's privileges: three statements for any number of members (loadActor
 * reads the signed-in user's memberships itself and comes here for the rest).
 */
export async function withRolesOf(db: Db, members: readonly MemberRow[]): Promise<Map<number, Actor>> {
  const found = new Map<number, Actor>();
  if (members.length === 0) return found;
  const q = preparedOnce(db, prepareMemberFacts);
  const tenantRoles = await q.tenantRoles.all({ ids: JSON.stringify([...new Set(members.map((m) => m.dirId))]) });
  const held = await q.held.all({ ids: JSON.stringify(members.map((m) => m.id)) });
  const roles = new Map<
    number,
    { key: SystemRoleKey | null; name: string; privileges: Partial<Record<Privilege, Depth>> }
  >();
  for (const r of await q.roleFacts.all({ ids: JSON.stringify([...new Set(held.map((h) => h.roleId))]) })) {
    const role = roles.get(r.id) ?? { key: r.key as SystemRoleKey | null, name: r.name, privileges: {} };
    if (r.privilege !== null) role.privileges[r.privilege as Privilege] = r.depth as Depth;
    roles.set(r.id, role);
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
  // Direct roles first, then those through teams, as the pages list them.
  const heldBy = byKey(
    [...held.filter((h) => h.via === "direct"), ...held.filter((h) => h.via === "team")],
    (h) => h.userId,
  );
  for (const m of members) {
    const actor = bareActor(m);
    actor.tenantRoles = (tenantRolesOf.get(m.dirId) ?? []).map((t) => t.role);
    actor.memberships[0]!.roles = (heldBy.get(m.id) ?? []).map((h) => {
      const role = roles.get(h.roleId)!;
      return {
        roleId: h.roleId,
        key: role.key,
        name: role.name,
        privileges: role.privileges,
        via: h.via,
        teamName: h.teamName,
        endsAt: h.endsAt,
      };
    });
    found.set(m.id, actor);
  }
  return found;
}

/** A row of the members statement: derived from it, so the two cannot drift. */
export type MemberRow = ReturnType<ReturnType<typeof prepareMemberFacts>["members"]["all"]>[number];

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

/** The columns of a member: environment user and directory user (loadActor reads the same ones). */
export const MEMBER_COLUMNS = {
  id: environmentUsers.id,
  environmentId: environmentUsers.environmentId,
  isEnabled: environmentUsers.isEnabled,
  email: environmentUsers.email,
  dirId: directoryUsers.id,
  upn: directoryUsers.upn,
  displayName: directoryUsers.displayName,
  dirEnabled: directoryUsers.isEnabled,
};

function prepareMemberFacts(db: Db) {
  const ids = inIds(teamMembers.environmentUserId);
  return {
    members: prepare(
      db
        .select(MEMBER_COLUMNS)
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
    // Roles held directly and through teams, in one statement.
    held: prepare(
      db
        .select({
          userId: userRoleAssignments.environmentUserId,
          roleId: userRoleAssignments.roleId,
          endsAt: userRoleAssignments.endsAt,
          teamName: sql<string | null>`null`,
          via: sql<RoleHolding["via"]>`'direct'`,
        })
        .from(userRoleAssignments)
        .where(inIds(userRoleAssignments.environmentUserId))
        .unionAll(
          db
            .select({
              userId: teamMembers.environmentUserId,
              roleId: teamRoleAssignments.roleId,
              endsAt: sql<Date | null>`null`,
              teamName: teams.name,
              via: sql<RoleHolding["via"]>`'team'`,
            })
            .from(teamMembers)
            .innerJoin(teams, eq(teams.id, teamMembers.teamId))
            .innerJoin(teamRoleAssignments, eq(teamRoleAssignments.teamId, teams.id))
            .where(ids),
        ),
    ),
    // Each role with its privileges (a row per privilege; one with none for a role without any).
    roleFacts: prepare(
      db
        .select({
          id: securityRoles.id,
          key: securityRoles.key,
          name: securityRoles.name,
          privilege: rolePrivileges.privilege,
          depth: rolePrivileges.depth,
        })
        .from(securityRoles)
        .leftJoin(rolePrivileges, eq(rolePrivileges.roleId, securityRoles.id))
        .where(inIds(securityRoles.id)),
    ),
  };
}
