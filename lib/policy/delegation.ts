import { activeMembership, holdsRole, type Actor, type RoleHolding } from "./actor";
import { decideApproval, type ApprovalDecision } from "./approval";
import type { Decision } from "./decision";
import type { TermsChange } from "./delegation-terms";
import { decideRoleAssignment, type RoleFacts } from "./role-assignment";

/** DOMAIN §4 and §11: what the delegation screens ask about a holder and about changing an assignment. */

/**
 * Whether the holder can approve other people's mailboxes in the environment: the approval rule
 * itself (DOMAIN §3), asked about a queue mailbox, which is never self-approved. So System
 * Administrator through a team counts, an expired assignment does not, and no rule is re-derived.
 */
export function decideHolderCanApprove(holder: Actor, environmentId: number, now: Date): ApprovalDecision {
  return decideApproval(
    holder,
    { environmentId, regardingType: "queue", regardingUserId: null, emailAddress: "" },
    { requirePrivilegeToSelfApprove: false },
    "approve",
    now,
  );
}

/**
 * Whether the person could approve here once delegated: the same rule, asked about them with a
 * direct, open-ended Delegated Mailbox Approver added. What the Delegate panel warns about.
 */
export function decideApprovalOnceDelegated(person: Actor, environmentId: number, now: Date): ApprovalDecision {
  const dma: RoleHolding = {
    roleId: 0,
    key: "delegated_mailbox_approver",
    name: "Delegated Mailbox Approver",
    via: "direct",
    teamName: null,
    endsAt: null,
    privileges: {},
  };
  const withRole: Actor = {
    ...person,
    memberships: person.memberships.map((m) =>
      m.environmentId === environmentId
        ? { ...m, roles: [...m.roles.filter((r) => !(r.key === dma.key && r.via === "direct")), dma] }
        : m,
    ),
  };
  return decideHolderCanApprove(withRole, environmentId, now);
}

/** Whether the person holds System Administrator in the environment (directly or through a team), as the rules count it. */
export function holdsSystemAdministrator(person: Actor, environmentId: number, now: Date): boolean {
  return holdsRole(activeMembership(person, environmentId), "system_administrator", now);
}

/**
 * Who may change an assignment's end date: extending and renewing give the role for longer, so
 * they follow the rule for assigning it (Global or Exchange Administrator, enabled user); shortening
 * takes some away, so it follows the rule for removing it.
 */
export function decideChangeTerms(
  actor: Actor,
  request: { environmentId: number; role: RoleFacts; isTargetEnabled: boolean; change: TermsChange },
  now: Date,
): Decision {
  return decideRoleAssignment(
    actor,
    {
      environmentId: request.environmentId,
      role: request.role,
      target: { kind: "user", isEnabled: request.isTargetEnabled },
      operation: request.change === "shorten" ? "remove" : "assign",
    },
    now,
  );
}
