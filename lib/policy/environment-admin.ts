import { activeMembership, hasPrivilege, holdsRole, type Actor } from "./actor";
import { PRIVILEGES, type Privilege } from "./catalog";
import { allow, deny, type Condition, type Decision } from "./decision";
import { canManageDelegations, decideRoleAssignment, MISSING_PRIVILEGE, type RoleFacts } from "./role-assignment";

/**
 * Environment administration besides assigning roles to users: a team's members, a team's roles
 * as one command, and custom security roles.
 */

function adminOrPrivilege(actor: Actor, environmentId: number, privilege: Privilege, now: Date): Condition {
  const membership = activeMembership(actor, environmentId);
  return {
    id: "admin-or-privilege",
    label: `You hold System Administrator, or a role with ${PRIVILEGES[privilege]}, in this environment`,
    held: holdsRole(membership, "system_administrator", now) || hasPrivilege(membership, privilege, "user", now),
  };
}

/** Adding people to a team and taking them off it. */
export function decideManageTeamMembers(actor: Actor, environmentId: number, now: Date): Decision {
  const condition = adminOrPrivilege(actor, environmentId, "prvWriteTeam", now);
  if (!condition.held) {
    return deny(
      MISSING_PRIVILEGE,
      "NOT_SYSTEM_ADMIN",
      "You need System Administrator (or a role with Write Team) in this environment to change a team's members. A System Administrator of the environment can.",
      [condition],
    );
  }
  return allow("You can change this team's members.", [condition]);
}

/** Creating a custom security role. */
export function decideCreateRole(actor: Actor, environmentId: number, now: Date): Decision {
  const condition = adminOrPrivilege(actor, environmentId, "prvCreateRole", now);
  if (!condition.held) {
    return deny(
      MISSING_PRIVILEGE,
      "NOT_SYSTEM_ADMIN",
      "You need System Administrator (or a role with Create Security Role) in this environment to create security roles. A System Administrator of the environment can.",
      [condition],
    );
  }
  return allow("You can create security roles.", [condition]);
}

/**
 * The team's "Manage security roles" command as a whole: open when at least one role could be
 * given to a team, and to Global and Exchange Administrators, who manage Delegated Mailbox
 * Approver in every environment: for them the panel is where the rule they came to see answers
 * (DMA never goes to a team, 0x80090905), not a missing System Administrator. Each role in a save
 * is still decided on its own by decideRoleAssignment; this only asks it, so there is no second
 * copy of the assignment rule.
 */
export function decideManageTeamRoles(
  actor: Actor,
  environmentId: number,
  roles: readonly RoleFacts[],
  now: Date,
): Decision {
  // DMA never goes to a team, so it cannot open the command for anyone.
  const candidates = roles.filter((role) => role.isAssignable && role.key !== "delegated_mailbox_approver");
  const decisions = candidates.map((role) =>
    decideRoleAssignment(actor, { environmentId, role, target: { kind: "team" }, operation: "assign" }, now),
  );
  const allowed = decisions.find((d) => d.allowed);
  if (allowed) return allow("You can manage this team's security roles.", allowed.conditions);
  const hasDma = roles.some((role) => role.key === "delegated_mailbox_approver");
  if (hasDma && canManageDelegations(actor)) {
    return allow(
      "You can open this team's security roles: Delegated Mailbox Approver never goes to a team, and the other roles need System Administrator here.",
      [{ id: "tenant-admin", label: "You are a Global or Exchange Administrator", held: true }],
    );
  }

  const first = decisions[0];
  if (!first)
    return deny(
      MISSING_PRIVILEGE,
      "NO_ASSIGNABLE_ROLE",
      "No security role in this environment can be given to a team.",
    );
  if (first.reason === "NOT_SYSTEM_ADMIN") {
    return deny(
      MISSING_PRIVILEGE,
      "NOT_SYSTEM_ADMIN",
      "You need System Administrator (or Assign Security Role) in this environment to manage a team's security roles. A System Administrator of the environment can.",
      first.conditions,
    );
  }
  return deny(
    first.code ?? MISSING_PRIVILEGE,
    first.reason ?? "ESCALATION",
    "Every role here grants privileges you do not hold, so you cannot give any of them to a team. A System Administrator can.",
    first.conditions,
  );
}
