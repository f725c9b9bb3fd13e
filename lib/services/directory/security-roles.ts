import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  environmentUsers,
  rolePrivileges,
  securityRoles,
  teamRoleAssignments,
  teams,
  userRoleAssignments,
} from "@/db/schema";
import { environmentAccess } from "@/lib/policy/access";
import { isHoldingActive, type Actor } from "@/lib/policy/actor";
import { DEPTHS, PRIVILEGE_KEYS, type Depth, type Privilege, type SystemRoleKey } from "@/lib/policy/catalog";
import { decideCreateRole } from "@/lib/policy/environment-admin";
import { appendAuditEvent } from "../audit/log";
import { invalidInput, NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import type { VisibleEnvironment } from "../settings/environments";

type RoleRow = typeof securityRoles.$inferSelect;
export type RoleListRow = Pick<RoleRow, "id" | "name" | "isCustom" | "isAssignable"> & {
  key: SystemRoleKey | null;
  memberCount: number;
};
export type RoleUser = {
  environmentUserId: number;
  fullName: string;
  email: string;
  endsAt: Date | null;
  isExpired: boolean;
};
export type RoleDetail = RoleListRow & {
  description: string;
  privileges: { privilege: Privilege; depth: Depth }[];
  users: RoleUser[];
  teams: { id: number; name: string }[];
};

export const ROLE_NAME_MAX = 100;

/** An environment's security roles in name order; members counts direct user and team assignments. */
export async function listSecurityRoles(db: Db, environment: VisibleEnvironment<"roles">): Promise<RoleListRow[]> {
  const environmentId = environment.id;
  const roles = await db
    .select()
    .from(securityRoles)
    .where(eq(securityRoles.environmentId, environmentId))
    .orderBy(asc(securityRoles.name), asc(securityRoles.id));
  const users = await db
    .select({ roleId: userRoleAssignments.roleId, n: count() })
    .from(userRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
    .where(eq(securityRoles.environmentId, environmentId))
    .groupBy(userRoleAssignments.roleId);
  const onTeams = await db
    .select({ roleId: teamRoleAssignments.roleId, n: count() })
    .from(teamRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, teamRoleAssignments.roleId))
    .where(eq(securityRoles.environmentId, environmentId))
    .groupBy(teamRoleAssignments.roleId);
  const countOf = (rows: { roleId: number; n: number }[], id: number) => rows.find((r) => r.roleId === id)?.n ?? 0;
  return roles.map((r) => ({ ...listFields(r), memberCount: countOf(users, r.id) + countOf(onTeams, r.id) }));
}

export async function getSecurityRole(
  db: Db,
  environment: VisibleEnvironment<"roles">,
  roleId: number,
  now: Date,
): Promise<RoleDetail | null> {
  const role = await first(
    db
      .select()
      .from(securityRoles)
      .where(and(eq(securityRoles.id, roleId), eq(securityRoles.environmentId, environment.id)))
      .limit(1),
  );
  if (!role) return null;
  const privileges = (
    await db
      .select({ privilege: rolePrivileges.privilege, depth: rolePrivileges.depth })
      .from(rolePrivileges)
      .where(eq(rolePrivileges.roleId, role.id))
  )
    .map((p) => ({ privilege: p.privilege as Privilege, depth: p.depth }))
    .sort((a, b) => PRIVILEGE_KEYS.indexOf(a.privilege) - PRIVILEGE_KEYS.indexOf(b.privilege));
  const users = (
    await db
      .select({
        environmentUserId: environmentUsers.id,
        fullName: environmentUsers.fullName,
        email: environmentUsers.email,
        endsAt: userRoleAssignments.endsAt,
      })
      .from(userRoleAssignments)
      .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
      .where(eq(userRoleAssignments.roleId, role.id))
      .orderBy(asc(environmentUsers.fullName), asc(environmentUsers.id))
  ).map((u) => ({ ...u, isExpired: !isHoldingActive(u, now) }));
  const onTeams = await db
    .select({ id: teams.id, name: teams.name })
    .from(teamRoleAssignments)
    .innerJoin(teams, eq(teams.id, teamRoleAssignments.teamId))
    .where(eq(teamRoleAssignments.roleId, role.id))
    .orderBy(asc(teams.name));
  return {
    ...listFields(role),
    memberCount: users.length + onTeams.length,
    description: role.description,
    privileges,
    users,
    teams: onTeams,
  };
}

export type CreateRoleInput = { environmentId: number; name: string; privileges: Partial<Record<Privilege, Depth>> };

/** Creates a custom role with its privileges, audited as RoleCreated. */
export async function createCustomRole(
  db: Db,
  actor: Actor,
  input: CreateRoleInput,
  ctx: ActionContext,
): Promise<ServiceResult<{ roleId: number }>> {
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ roleId: number }>> => {
    if (!environmentAccess(actor, input.environmentId, ctx.now).pages.has("roles")) return NOT_FOUND_RESULT;
    const decision = decideCreateRole(actor, input.environmentId, ctx.now);
    if (!decision.allowed) return refusal(decision);

    const name = input.name.trim();
    if (name.length === 0 || name.length > ROLE_NAME_MAX)
      return invalidInput("name", `Give the role a name of 1 to ${ROLE_NAME_MAX} characters.`);
    const privileges = Object.entries(input.privileges) as [string, string][];
    if (privileges.some(([p, d]) => !PRIVILEGE_KEYS.includes(p as Privilege) || !DEPTHS.includes(d as Depth))) {
      return invalidInput("privileges", "One of the privileges or depths is not known.");
    }
    if (privileges.length === 0) return invalidInput("privileges", "Give the role at least one privilege.");
    // Case-insensitive, so "Approvers" and "approvers" cannot sit side by side in the role pickers.
    const taken = await first(
      tx
        .select({ id: securityRoles.id })
        .from(securityRoles)
        .where(
          and(eq(securityRoles.environmentId, input.environmentId), sql`lower(${securityRoles.name}) = lower(${name})`),
        )
        .limit(1),
    );
    if (taken) return invalidInput("name", "A role with this name already exists.");

    const role = await single(
      tx
        .insert(securityRoles)
        .values({
          environmentId: input.environmentId,
          key: null,
          name,
          isCustom: true,
          isAssignable: true,
          createdAt: ctx.now,
        })
        .returning({ id: securityRoles.id }),
    );
    await tx
      .insert(rolePrivileges)
      .values(privileges.map(([privilege, depth]) => ({ roleId: role.id, privilege, depth: depth as Depth })));
    await appendAuditEvent(tx, {
      action: "RoleCreated",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "securityRole", id: role.id, label: name },
      after: { name, privileges: Object.fromEntries(privileges) },
      origin: ctx.origin,
      at: ctx.now,
    });
    return { ok: true, message: `Created the security role ${name}.`, roleId: role.id };
  });
}

function listFields(role: RoleRow) {
  return {
    id: role.id,
    key: role.key as SystemRoleKey | null,
    name: role.name,
    isCustom: role.isCustom,
    isAssignable: role.isAssignable,
  };
}
