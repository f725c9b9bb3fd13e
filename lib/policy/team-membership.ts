import type { Actor } from "./actor";
import { allow, deny, type Decision } from "./decision";
import { decideManageTeamMembers } from "./environment-admin";
import { decideRoleAssignment, MISSING_PRIVILEGE, type RoleFacts } from "./role-assignment";

/**
 * DOMAIN §11: adding a user to a team assigns them every role the team holds, and removing them
 * removes those roles. So a membership change is decided as the right to change the team's members
 * AND, for each of the team's roles, the same assignment decision as a direct one (assigner, no
 * escalation, enabled users only). Without the second half, a Write Team holder could join a
 * System Administrator team and become System Administrator.
 */

export type MembershipChange = {
  environmentId: number;
  teamRoles: readonly RoleFacts[];
  target: { isEnabled: boolean };
  operation: "add" | "remove";
};

export function decideTeamMembershipChange(actor: Actor, change: MembershipChange, now: Date): Decision {
  const members = decideManageTeamMembers(actor, change.environmentId, now);
  if (!members.allowed) return members;
  if (change.operation === "add" && !change.target.isEnabled) {
    return deny(MISSING_PRIVILEGE, "USER_DISABLED", "Only enabled users join teams; this user is disabled.", [
      ...members.conditions,
      { id: "target-enabled", label: "The user is enabled", held: false },
    ]);
  }
  const operation = change.operation === "add" ? "assign" : "remove";
  for (const role of change.teamRoles) {
    const decision = decideRoleAssignment(
      actor,
      {
        environmentId: change.environmentId,
        role,
        target: { kind: "user", isEnabled: change.target.isEnabled },
        operation,
      },
      now,
    );
    if (!decision.allowed) return teamRoleRefusal(decision, role, change.operation);
  }
  const verb = change.operation === "add" ? "add this user to" : "remove this user from";
  return allow(`You can ${verb} this team.`, members.conditions);
}

/** The assignment refusal, said as a membership refusal: joining the team is what would grant the role. */
function teamRoleRefusal(decision: Decision, role: RoleFacts, operation: MembershipChange["operation"]): Decision {
  const effect =
    operation === "add" ? `Joining this team gives ${role.name}` : `Leaving this team takes away ${role.name}`;
  const because =
    decision.reason === "ESCALATION"
      ? "which grants privileges you do not hold"
      : decision.reason === "NOT_SYSTEM_ADMIN"
        ? "and you cannot assign security roles in this environment"
        : "which you cannot give or take";
  return deny(
    decision.code ?? MISSING_PRIVILEGE,
    decision.reason ?? "ESCALATION",
    `${effect}, ${because}. A System Administrator of the environment can change this team's members.`,
    decision.conditions,
  );
}
