import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { actor, holding, membership } from "./fixtures";
import { decideCreateRole, decideManageTeamMembers, decideManageTeamRoles } from "./environment-admin";
import { decideRoleAssignment } from "./role-assignment";
import type { RoleFacts } from "./role-assignment";

const ENV = 1;
const now = new Date("2026-11-27T12:00:00Z");

const custom = (name: string, privileges: RoleFacts["privileges"]) =>
  holding("basic_user", { key: null, name, privileges });
const one = (...roles: ReturnType<typeof holding>[]) => actor({ memberships: [membership(ENV, roles)] });

// Who asks, and what each rule answers: "ok", or the refusal's reason (code 0x80040220 throughout).
const MATRIX: { who: string; actor: Actor; members: string; createRole: string; teamRoles: string }[] = [
  {
    who: "a System Administrator",
    actor: one(holding("system_administrator")),
    members: "ok",
    createRole: "ok",
    teamRoles: "ok",
  },
  {
    who: "a System Administrator through a team",
    actor: one(holding("system_administrator", { via: "team", teamName: "Admins" })),
    members: "ok",
    createRole: "ok",
    teamRoles: "ok",
  },
  {
    who: "a System Customizer",
    actor: one(holding("system_customizer")),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a Basic User",
    actor: one(holding("basic_user")),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a custom role with Write Team at user depth",
    actor: one(custom("Team Keepers", { prvWriteTeam: "user" })),
    members: "ok",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a custom role with Create Security Role",
    actor: one(custom("Role Makers", { prvCreateRole: "business_unit" })),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "ok",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  // Environment Maker grants nothing, so even a bare assigner can give it to a team.
  {
    who: "a custom role with Assign Security Role only",
    actor: one(custom("Assigners", { prvAssignRole: "organization" })),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "ok",
  },
  {
    who: "a custom role with Assign Security Role and Basic User's privileges",
    actor: one(
      custom("Assigners", {
        prvAssignRole: "organization",
        prvReadMailbox: "user",
        prvWriteMailbox: "user",
        prvReadUser: "organization",
      }),
    ),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "ok",
  },
  {
    who: "a Delegated Mailbox Approver alone",
    actor: one(holding("delegated_mailbox_approver")),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a Global Administrator who is not a member",
    actor: actor({ tenantRoles: ["global_admin"] }),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    // Opens so that ticking Delegated Mailbox Approver meets its own rule (0x80090905).
    teamRoles: "ok",
  },
  {
    who: "an Exchange Administrator who is not a member",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "ok",
  },
  {
    who: "a Power Platform Administrator who is not a member",
    actor: actor({ tenantRoles: ["power_platform_admin"] }),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a System Administrator whose dated assignment has ended",
    actor: one(holding("system_administrator", { endsAt: new Date("2026-11-27T11:00:00Z") })),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a disabled member who is System Administrator",
    actor: actor({ memberships: [membership(ENV, [holding("system_administrator")], { isEnabled: false })] }),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
  {
    who: "a System Administrator of another environment only",
    actor: actor({ memberships: [membership(2, [holding("system_administrator")])] }),
    members: "NOT_SYSTEM_ADMIN",
    createRole: "NOT_SYSTEM_ADMIN",
    teamRoles: "NOT_SYSTEM_ADMIN",
  },
];

const asRole = (key: Parameters<typeof holding>[0], isAssignable = true): RoleFacts => ({
  ...holding(key),
  isAssignable,
});
const ENV_ROLES: RoleFacts[] = [
  asRole("system_administrator"),
  asRole("system_customizer"),
  asRole("basic_user"),
  asRole("environment_maker"),
  asRole("delegated_mailbox_approver"),
  asRole("support_user", false),
];

const outcome = (d: { allowed: boolean; code: string | null; reason: string | null }) =>
  d.allowed ? "ok" : (expect(d.code).toBe("0x80040220"), d.reason);

describe("environment administration rules", () => {
  it.each(MATRIX)("$who: team members → $members", ({ actor, members }) => {
    expect(outcome(decideManageTeamMembers(actor, ENV, now))).toBe(members);
  });

  it.each(MATRIX)("$who: create a custom role → $createRole", ({ actor, createRole }) => {
    expect(outcome(decideCreateRole(actor, ENV, now))).toBe(createRole);
  });

  it.each(MATRIX)("$who: manage a team's security roles → $teamRoles", ({ actor, teamRoles }) => {
    expect(outcome(decideManageTeamRoles(actor, ENV, ENV_ROLES, now))).toBe(teamRoles);
  });
});

describe("the team's Manage security roles command", () => {
  it("does not open for a System Administrator just because Delegated Mailbox Approver is offered: it never goes to a team", () => {
    const onlyDma = [asRole("delegated_mailbox_approver")];
    const decision = decideManageTeamRoles(
      actor({ memberships: [membership(ENV, [holding("system_administrator")])] }),
      ENV,
      onlyDma,
      now,
    );
    expect(decision).toMatchObject({ allowed: false, reason: "NO_ASSIGNABLE_ROLE" });
  });

  it("opens for an Exchange Administrator, whose DMA for a team is then refused with 0x80090905, not NOT_SYSTEM_ADMIN", () => {
    const exchange = actor({ tenantRoles: ["exchange_admin"] });
    expect(decideManageTeamRoles(exchange, ENV, ENV_ROLES, now)).toMatchObject({ allowed: true });
    expect(
      decideRoleAssignment(
        exchange,
        {
          environmentId: ENV,
          role: asRole("delegated_mailbox_approver"),
          target: { kind: "team" },
          operation: "assign",
        },
        now,
      ),
    ).toMatchObject({ allowed: false, code: "0x80090905", reason: "DMA_NOT_FOR_TEAMS" });
  });

  it("stays closed to an assigner when every role offered would escalate", () => {
    const decision = decideManageTeamRoles(
      one(custom("Assigners", { prvAssignRole: "organization" })),
      ENV,
      [asRole("system_administrator"), asRole("basic_user")],
      now,
    );
    expect(decision).toMatchObject({ allowed: false, code: "0x80040220", reason: "ESCALATION" });
  });

  it("a refusal names the failing condition", () => {
    const decision = decideManageTeamMembers(one(holding("system_customizer")), ENV, now);
    expect(decision.conditions).toEqual([
      {
        id: "admin-or-privilege",
        label: "You hold System Administrator, or a role with Write Team, in this environment",
        held: false,
      },
    ]);
    expect(decision.message).toContain("System Administrator");
  });
});
