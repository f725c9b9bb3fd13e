import { activeMembership, hasPrivilege, hasTenantRole, holdsRole, privilegeDepth, type Actor } from "./actor";
import { depthRank, PRIVILEGES, type Depth, type Privilege, type SystemRoleKey } from "./catalog";
import { allow, deny, type Condition, type Decision } from "./decision";

/** DOMAIN §4: who may give and take security roles, including the Delegated Mailbox Approver. */

export type RoleFacts = {
  key: SystemRoleKey | null;
  name: string;
  isAssignable: boolean;
  privileges: Partial<Record<Privilege, Depth>>;
};

export type AssignmentTarget = { kind: "user"; isEnabled: boolean } | { kind: "team" };

export type AssignmentRequest = {
  environmentId: number;
  role: RoleFacts;
  target: AssignmentTarget;
  operation: "assign" | "remove";
};

export const DMA_TENANT_ADMINS_ONLY = "0x80090904";
export const DMA_NOT_FOR_TEAMS = "0x80090905";
export const MISSING_PRIVILEGE = "0x80040220";

const isDma = (role: RoleFacts) => role.key === "delegated_mailbox_approver";

/** Whether the actor may touch DMA assignments at all (Global or Exchange Administrator). */
export function canManageDelegations(actor: Actor): boolean {
  return hasTenantRole(actor, "global_admin", "exchange_admin");
}

/** Privileges (with depth) the role grants beyond what the actor holds here. */
export function escalationGaps(actor: Actor, environmentId: number, role: RoleFacts, now: Date): string[] {
  const membership = activeMembership(actor, environmentId);
  return (Object.entries(role.privileges) as [Privilege, Depth][])
    .filter(([privilege, depth]) => {
      const held = privilegeDepth(membership, privilege, now);
      return held === null || depthRank(held) < depthRank(depth);
    })
    .map(([privilege]) => PRIVILEGES[privilege]);
}

export function decideRoleAssignment(actor: Actor, request: AssignmentRequest, now: Date): Decision {
  const { role, target, operation, environmentId } = request;
  const verb = operation === "assign" ? "assign" : "remove";

  if (!role.isAssignable) {
    return deny(
      MISSING_PRIVILEGE,
      "NOT_ASSIGNABLE",
      `${role.name} is a system role that cannot be assigned to users or teams.`,
    );
  }
  const targetEnabled: Condition = {
    id: "target-enabled",
    label: "The user is enabled",
    held: target.kind === "team" || target.isEnabled || operation === "remove",
  };

  if (isDma(role)) {
    if (target.kind === "team") {
      return deny(
        DMA_NOT_FOR_TEAMS,
        "DMA_NOT_FOR_TEAMS",
        "Delegated Mailbox Approver can be given to users only, never to a team.",
        [{ id: "target-user", label: "The role goes to a user, not a team", held: false }],
      );
    }
    const tenantAdmin: Condition = {
      id: "tenant-admin",
      label: "You are a Global or Exchange Administrator",
      held: canManageDelegations(actor),
    };
    if (!tenantAdmin.held) {
      return deny(
        DMA_TENANT_ADMINS_ONLY,
        "NOT_TENANT_ADMIN",
        `Only a Global or Exchange Administrator can ${verb} Delegated Mailbox Approver. Ask one of them to do it.`,
        [tenantAdmin, targetEnabled],
      );
    }
    if (!targetEnabled.held) {
      return deny(MISSING_PRIVILEGE, "USER_DISABLED", "Roles go to enabled users only; this user is disabled.", [
        tenantAdmin,
        targetEnabled,
      ]);
    }
    return allow(`You can ${verb} Delegated Mailbox Approver.`, [tenantAdmin, targetEnabled]);
  }

  const membership = activeMembership(actor, environmentId);
  const assigner: Condition = {
    id: "assigner",
    label: "You hold System Administrator, or a role with Assign Security Role, in this environment",
    held: holdsRole(membership, "system_administrator", now) || hasPrivilege(membership, "prvAssignRole", "user", now),
  };
  const gaps = assigner.held ? escalationGaps(actor, environmentId, role, now) : [];
  const noEscalation: Condition = {
    id: "no-escalation",
    label: "The role grants nothing you do not hold yourself",
    held: gaps.length === 0,
  };
  const conditions = [assigner, noEscalation, targetEnabled];

  if (!assigner.held) {
    return deny(
      MISSING_PRIVILEGE,
      "NOT_SYSTEM_ADMIN",
      `You need System Administrator (or Assign Security Role) in this environment to ${verb} ${role.name}. A System Administrator of the environment can.`,
      conditions,
    );
  }
  if (!noEscalation.held) {
    return deny(
      MISSING_PRIVILEGE,
      "ESCALATION",
      `You cannot ${verb} ${role.name}: it grants privileges you do not hold (${gaps.slice(0, 3).join(", ")}${gaps.length > 3 ? ", …" : ""}). A System Administrator can.`,
      conditions,
    );
  }
  if (!targetEnabled.held) {
    return deny(
      MISSING_PRIVILEGE,
      "USER_DISABLED",
      "Roles go to enabled users only; this user is disabled.",
      conditions,
    );
  }
  return allow(`You can ${verb} ${role.name}.`, conditions);
}

/**
 * Self-elevation ("Add me as System Administrator"): Global, Power Platform and Dynamics 365
 * Administrators only; Exchange Administrators cannot.
 */
export function decideSelfElevation(actor: Actor, environmentId: number, now: Date): Decision {
  const eligible: Condition = {
    id: "eligible-tenant-role",
    label: "You are a Global, Power Platform or Dynamics 365 Administrator",
    held: hasTenantRole(actor, "global_admin", "power_platform_admin", "dynamics365_admin"),
  };
  if (!eligible.held) {
    const isExchange = hasTenantRole(actor, "exchange_admin");
    return deny(
      MISSING_PRIVILEGE,
      "NOT_ELEVATION_ELIGIBLE",
      isExchange
        ? "Exchange Administrators cannot add themselves as System Administrator. A Global Administrator or a System Administrator of this environment can assign it to you."
        : "Only Global, Power Platform and Dynamics 365 Administrators can add themselves as System Administrator.",
      [eligible],
    );
  }
  if (holdsRole(activeMembership(actor, environmentId), "system_administrator", now, { directOnly: true })) {
    return deny(
      MISSING_PRIVILEGE,
      "ALREADY_SYSTEM_ADMIN",
      "You already are a System Administrator of this environment.",
      [eligible],
    );
  }
  return allow("You can add yourself as System Administrator.", [eligible]);
}
