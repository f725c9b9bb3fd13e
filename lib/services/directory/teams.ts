import "server-only";
import { first } from "@/db/query";
import { and, asc, count, eq, inArray, notInArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { environmentUsers, securityRoles, teamMembers, teamRoleAssignments, teams } from "@/db/schema";
import type { VisibleEnvironment } from "../settings/environments";

export type TeamRow = typeof teams.$inferSelect;
export type TeamListRow = Pick<TeamRow, "id" | "name" | "type"> & { memberCount: number; roleNames: string[] };
export type TeamMember = { environmentUserId: number; fullName: string; email: string; isEnabled: boolean };
export type TeamDetail = Pick<TeamRow, "id" | "environmentId" | "name" | "type" | "version"> & {
  members: TeamMember[];
  roles: { id: number; name: string }[];
};

/** An environment's teams in name order, with member counts and role names. */
export async function listTeams(db: Db, environment: VisibleEnvironment<"teams">): Promise<TeamListRow[]> {
  const environmentId = environment.id;
  const rows = await db
    .select()
    .from(teams)
    .where(eq(teams.environmentId, environmentId))
    .orderBy(asc(teams.name), asc(teams.id));
  if (rows.length === 0) return [];
  const ids = rows.map((t) => t.id);
  const counts = await db
    .select({ teamId: teamMembers.teamId, n: count() })
    .from(teamMembers)
    .where(inArray(teamMembers.teamId, ids))
    .groupBy(teamMembers.teamId);
  const roles = await teamRoles(db, ids);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    type: t.type,
    memberCount: counts.find((c) => c.teamId === t.id)?.n ?? 0,
    roleNames: roles.filter((r) => r.teamId === t.id).map((r) => r.name),
  }));
}

export async function getTeam(
  db: Db,
  environment: VisibleEnvironment<"teams">,
  teamId: number,
): Promise<TeamDetail | null> {
  const environmentId = environment.id;
  const team = await findTeam(db, environmentId, teamId);
  if (!team) return null;
  const members = await db
    .select({
      environmentUserId: environmentUsers.id,
      fullName: environmentUsers.fullName,
      email: environmentUsers.email,
      isEnabled: environmentUsers.isEnabled,
    })
    .from(teamMembers)
    .innerJoin(environmentUsers, eq(environmentUsers.id, teamMembers.environmentUserId))
    .where(eq(teamMembers.teamId, team.id))
    .orderBy(asc(environmentUsers.fullName), asc(environmentUsers.id));
  const roles = (await teamRoles(db, [team.id])).map(({ id, name }) => ({ id, name }));
  const { id, name, type, version } = team;
  return { id, environmentId, name, type, version, members, roles };
}

/** Enabled users of the environment who are not on the team yet: the Add member choices. */
export async function listAddableUsers(db: Db, environment: VisibleEnvironment<"teams">, teamId: number) {
  const current = db
    .select({ id: teamMembers.environmentUserId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, teamId));
  return await db
    .select({ id: environmentUsers.id, fullName: environmentUsers.fullName, email: environmentUsers.email })
    .from(environmentUsers)
    .where(
      and(
        eq(environmentUsers.environmentId, environment.id),
        eq(environmentUsers.isEnabled, true),
        notInArray(environmentUsers.id, current),
      ),
    )
    .orderBy(asc(environmentUsers.fullName), asc(environmentUsers.id));
}

export async function findTeam(db: Db | Tx, environmentId: number, teamId: number): Promise<TeamRow | null> {
  return (
    (await first(
      db
        .select()
        .from(teams)
        .where(and(eq(teams.id, teamId), eq(teams.environmentId, environmentId)))
        .limit(1),
    )) ?? null
  );
}

export async function teamRoles(db: Db | Tx, teamIds: number[]) {
  return await db
    .select({ teamId: teamRoleAssignments.teamId, id: securityRoles.id, name: securityRoles.name })
    .from(teamRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, teamRoleAssignments.roleId))
    .where(inArray(teamRoleAssignments.teamId, teamIds))
    .orderBy(asc(securityRoles.name));
}
