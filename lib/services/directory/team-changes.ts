import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { environmentUsers, teamMembers, teamRoleAssignments, teams } from "@/db/schema";
import { environmentAccess } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { decideRoleAssignment } from "@/lib/policy/role-assignment";
import { decideTeamMembershipChange } from "@/lib/policy/team-membership";
import { appendAuditEvent } from "../audit/log";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  refusal,
  staleVersion,
  type ActionContext,
  type Refusal,
  type ServiceResult,
} from "../result";
import { loadEnvironmentRoles, type EnvironmentRole } from "../delegation/role-facts";
import { findTeam, teamRoles, type TeamRow } from "./teams";

/**
 * Changes to a team: members joining and leaving, and the team's security roles. Each one decided by
 * the role-assignment and team-membership rules (joining a team assigns every role it holds), in one
 * transaction with its audit event and a version check. Over 200 lines because the three share the
 * private helpers below (visible team, role facts, member check, version bump, event): split, they
 * would have to be exported for each other.
 */
type TeamChange = { environmentId: number; teamId: number; version: number };

export async function addTeamMember(
  db: Db,
  actor: Actor,
  input: TeamChange & { environmentUserId: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const team = await findVisibleTeam(tx, actor, input, ctx);
    if (!team) return NOT_FOUND_RESULT;
    const user = await teamEnvironmentUser(tx, team, input.environmentUserId);
    if (!user) return invalidInput("environmentUserId", "Choose a user of this environment.");
    const roles = await teamRoleFacts(tx, team);
    const refused = decideMemberChange(actor, team, roles, user, "add", ctx);
    if (refused) return refused;
    if (team.version !== input.version) return staleVersion("team");
    if (await isMember(tx, team.id, user.id))
      return invalidInput("environmentUserId", `${user.fullName} is already a member of ${team.name}.`);
    await tx.insert(teamMembers).values({ teamId: team.id, environmentUserId: user.id });
    await audit(
      tx,
      actor,
      team,
      "TeamMemberAdded",
      { after: { ...memberFacts(user), rolesGained: roles.map((r) => r.name) } },
      ctx,
    );
    await bumpVersion(tx, team);
    return { ok: true, message: `Added ${user.fullName} to ${team.name}${gainedOrLost(roles, "gains")}.` };
  });
}

export async function removeTeamMember(
  db: Db,
  actor: Actor,
  input: TeamChange & { environmentUserId: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const team = await findVisibleTeam(tx, actor, input, ctx);
    if (!team) return NOT_FOUND_RESULT;
    const user = await teamEnvironmentUser(tx, team, input.environmentUserId);
    if (!user || !(await isMember(tx, team.id, user.id)))
      return invalidInput("environmentUserId", `That user is not a member of ${team.name}.`);
    const roles = await teamRoleFacts(tx, team);
    const refused = decideMemberChange(actor, team, roles, user, "remove", ctx);
    if (refused) return refused;
    if (team.version !== input.version) return staleVersion("team");
    await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.environmentUserId, user.id)));
    await audit(
      tx,
      actor,
      team,
      "TeamMemberRemoved",
      { before: { ...memberFacts(user), rolesLost: roles.map((r) => r.name) } },
      ctx,
    );
    await bumpVersion(tx, team);
    return { ok: true, message: `Removed ${user.fullName} from ${team.name}${gainedOrLost(roles, "loses")}.` };
  });
}

/**
 * Saves the team's "Manage security roles": its roles become `roleIds`. Every added and removed
 * role is decided before anything is written, so one refused role leaves the team as it was.
 */
export async function saveTeamRoles(
  db: Db,
  actor: Actor,
  input: TeamChange & { roleIds: number[] },
  ctx: ActionContext,
): Promise<ServiceResult<{ added: number; removed: number }>> {
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ added: number; removed: number }>> => {
    const team = await findTeam(tx, input.environmentId, input.teamId);
    if (!team || !canSeeTeams(actor, team.environmentId, ctx.now)) return NOT_FOUND_RESULT;
    const roles = new Map((await loadEnvironmentRoles(tx, team.environmentId)).map((r) => [r.id, r]));
    if (input.roleIds.some((id) => !roles.has(id)))
      return invalidInput("roleIds", "One of the roles does not exist in this environment.");

    const current = new Set((await teamRoles(tx, [team.id])).map((r) => r.id));
    const wanted = new Set(input.roleIds);
    // DMA first: whoever sends it (tenant admins included) meets 0x80090905 before any other refusal.
    const isDma = (id: number) => (roles.get(id)!.key === "delegated_mailbox_approver" ? 0 : 1);
    const add = [...wanted].filter((id) => !current.has(id)).sort((a, b) => isDma(a) - isDma(b));
    const remove = [...current].filter((id) => !wanted.has(id));
    // The rules come before the version: a refused role is refused whatever else changed meanwhile.
    for (const [ids, operation] of [
      [add, "assign"],
      [remove, "remove"],
    ] as const) {
      for (const id of ids) {
        const decision = decideRoleAssignment(
          actor,
          { environmentId: team.environmentId, role: roles.get(id)!, target: { kind: "team" }, operation },
          ctx.now,
        );
        if (!decision.allowed) return refusal(decision);
      }
    }
    if (team.version !== input.version) return staleVersion("team");
    if (add.length === 0 && remove.length === 0)
      return { ok: true, message: "No changes to save.", added: 0, removed: 0 };

    for (const id of remove) {
      await tx
        .delete(teamRoleAssignments)
        .where(and(eq(teamRoleAssignments.teamId, team.id), eq(teamRoleAssignments.roleId, id)));
      await audit(tx, actor, team, "TeamRoleRemoved", { before: { role: roles.get(id)!.name } }, ctx);
    }
    for (const id of add) {
      await tx
        .insert(teamRoleAssignments)
        .values({ teamId: team.id, roleId: id, assignedById: actor.id, assignedAt: ctx.now });
      await audit(tx, actor, team, "TeamRoleAssigned", { after: { role: roles.get(id)!.name } }, ctx);
    }
    await bumpVersion(tx, team);
    const names = (ids: number[]) => ids.map((id) => roles.get(id)!.name).join(", ");
    const parts = [add.length > 0 && `added ${names(add)}`, remove.length > 0 && `removed ${names(remove)}`].filter(
      Boolean,
    );
    return {
      ok: true,
      message: `Saved roles for ${team.name}: ${parts.join("; ")}.`,
      added: add.length,
      removed: remove.length,
    };
  });
}

/** A team nobody may see is "not found", exactly like a team that does not exist. */
function canSeeTeams(actor: Actor, environmentId: number, now: Date): boolean {
  return environmentAccess(actor, environmentId, now).pages.has("teams");
}

async function findVisibleTeam(tx: Tx, actor: Actor, input: TeamChange, ctx: ActionContext): Promise<TeamRow | null> {
  const team = await findTeam(tx, input.environmentId, input.teamId);
  return team && canSeeTeams(actor, team.environmentId, ctx.now) ? team : null;
}

/** The team's roles as the assignment rules see them: joining the team assigns every one. */
async function teamRoleFacts(tx: Tx, team: TeamRow): Promise<EnvironmentRole[]> {
  const held = new Set((await teamRoles(tx, [team.id])).map((r) => r.id));
  return (await loadEnvironmentRoles(tx, team.environmentId)).filter((r) => held.has(r.id));
}

function decideMemberChange(
  actor: Actor,
  team: TeamRow,
  teamRoles: EnvironmentRole[],
  user: { isEnabled: boolean },
  operation: "add" | "remove",
  ctx: ActionContext,
): Refusal | null {
  const decision = decideTeamMembershipChange(
    actor,
    { environmentId: team.environmentId, teamRoles, target: { isEnabled: user.isEnabled }, operation },
    ctx.now,
  );
  if (decision.allowed) return null;
  // A disabled user is the form's field to correct, not a missing right.
  return decision.reason === "USER_DISABLED" ? { ...refusal(decision), field: "environmentUserId" } : refusal(decision);
}

function gainedOrLost(roles: EnvironmentRole[], verb: "gains" | "loses"): string {
  return roles.length ? `; they ${verb} ${roles.map((r) => r.name).join(", ")}` : "";
}

async function isMember(tx: Tx, teamId: number, environmentUserId: number): Promise<boolean> {
  return (
    (await first(
      tx
        .select()
        .from(teamMembers)
        .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.environmentUserId, environmentUserId)))
        .limit(1),
    )) !== undefined
  );
}

const memberFacts = (user: { id: number; fullName: string; email: string }) => ({
  environmentUserId: user.id,
  name: user.fullName,
  email: user.email,
});

async function bumpVersion(tx: Tx, team: TeamRow) {
  await tx
    .update(teams)
    .set({ version: team.version + 1 })
    .where(eq(teams.id, team.id));
}

async function audit(
  tx: Tx,
  actor: Actor,
  team: TeamRow,
  action: string,
  change: { before?: Record<string, unknown>; after?: Record<string, unknown> },
  ctx: ActionContext,
) {
  await appendAuditEvent(tx, {
    action,
    actor: { id: actor.id, upn: actor.upn },
    environmentId: team.environmentId,
    target: { type: "team", id: team.id, label: team.name },
    before: change.before ?? null,
    after: change.after ?? null,
    origin: ctx.origin,
    at: ctx.now,
  });
}

/** An environment user of the team's own environment, or undefined. */
async function teamEnvironmentUser(tx: Tx, team: { environmentId: number }, environmentUserId: number) {
  return await first(
    tx
      .select()
      .from(environmentUsers)
      .where(and(eq(environmentUsers.id, environmentUserId), eq(environmentUsers.environmentId, team.environmentId)))
      .limit(1),
  );
}
