import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import type { TenantRole } from "./catalog";
import { actor, holding, membership } from "./fixtures";
import { decideRoleAssignment, decideSelfElevation, type AssignmentTarget, type RoleFacts } from "./role-assignment";

const ENV = 1;
const now = new Date("2026-11-27T12:00:00Z");

// The roles being assigned.
const DMA: RoleFacts = {
  key: "delegated_mailbox_approver",
  name: "Delegated Mailbox Approver",
  isAssignable: true,
  privileges: {},
};
const SYSADMIN: RoleFacts = { ...holding("system_administrator"), isAssignable: true };
const BASIC: RoleFacts = { ...holding("basic_user"), isAssignable: true };
const MAILBOX_APPROVERS: RoleFacts = {
  key: null,
  name: "Mailbox Approvers",
  isAssignable: true,
  privileges: { prvApproveRejectEmailAddress: "organization", prvReadMailbox: "organization" },
};

// The assigner's environment role, when any.
const ROLE_ASSIGNERS = holding("basic_user", {
  key: null,
  name: "Role Assigners",
  privileges: {
    prvAssignRole: "organization",
    prvReadUser: "organization",
    prvReadMailbox: "organization",
    prvWriteMailbox: "user",
  },
});
const ENV_ROLES = {
  none: [],
  "System Administrator": [holding("system_administrator")],
  "System Customizer": [holding("system_customizer")],
  "custom role with Assign": [ROLE_ASSIGNERS],
  "Basic User": [holding("basic_user")],
};
type EnvRole = keyof typeof ENV_ROLES;

const USER: AssignmentTarget = { kind: "user", isEnabled: true };
const DISABLED: AssignmentTarget = { kind: "user", isEnabled: false };
const TEAM: AssignmentTarget = { kind: "team" };
const CELLS: [RoleFacts, AssignmentTarget][] = [
  [DMA, USER],
  [DMA, DISABLED],
  [DMA, TEAM],
  [SYSADMIN, USER],
  [SYSADMIN, DISABLED],
  [SYSADMIN, TEAM],
  [BASIC, USER],
  [BASIC, DISABLED],
  [BASIC, TEAM],
  [MAILBOX_APPROVERS, USER],
  [MAILBOX_APPROVERS, DISABLED],
  [MAILBOX_APPROVERS, TEAM],
];

// Outcomes: "ok", "904" (DMA by a non tenant admin), "905" (DMA to a team), and 0x80040220 refusals
// by reason: "SYSADMIN" (NOT_SYSTEM_ADMIN), "ESCALATE" (ESCALATION), "DISABLED" (USER_DISABLED).
const N = "SYSADMIN"; // shorthand for the common "not allowed to assign at all" row
const MATRIX: [TenantRole | "none", EnvRole, string[]][] = [
  //                                          DMA→user DMA→off DMA→team  SA→user    SA→off     SA→team    Basic→user Basic→off  Basic→team Custom→user Custom→off Custom→team
  ["none", "none", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "none",
    "System Administrator",
    ["904", "904", "905", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok"],
  ],
  ["none", "System Customizer", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "none",
    "custom role with Assign",
    [
      "904",
      "904",
      "905",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
      "ok",
      "DISABLED",
      "ok",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
    ],
  ],
  ["none", "Basic User", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  ["global_admin", "none", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  [
    "global_admin",
    "System Administrator",
    ["ok", "DISABLED", "905", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok"],
  ],
  ["global_admin", "System Customizer", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  [
    "global_admin",
    "custom role with Assign",
    [
      "ok",
      "DISABLED",
      "905",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
      "ok",
      "DISABLED",
      "ok",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
    ],
  ],
  ["global_admin", "Basic User", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  ["exchange_admin", "none", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  [
    "exchange_admin",
    "System Administrator",
    ["ok", "DISABLED", "905", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok"],
  ],
  ["exchange_admin", "System Customizer", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  [
    "exchange_admin",
    "custom role with Assign",
    [
      "ok",
      "DISABLED",
      "905",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
      "ok",
      "DISABLED",
      "ok",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
    ],
  ],
  ["exchange_admin", "Basic User", ["ok", "DISABLED", "905", N, N, N, N, N, N, N, N, N]],
  ["power_platform_admin", "none", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "power_platform_admin",
    "System Administrator",
    ["904", "904", "905", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok"],
  ],
  ["power_platform_admin", "System Customizer", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "power_platform_admin",
    "custom role with Assign",
    [
      "904",
      "904",
      "905",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
      "ok",
      "DISABLED",
      "ok",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
    ],
  ],
  ["power_platform_admin", "Basic User", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  ["dynamics365_admin", "none", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "dynamics365_admin",
    "System Administrator",
    ["904", "904", "905", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok", "ok", "DISABLED", "ok"],
  ],
  ["dynamics365_admin", "System Customizer", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
  [
    "dynamics365_admin",
    "custom role with Assign",
    [
      "904",
      "904",
      "905",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
      "ok",
      "DISABLED",
      "ok",
      "ESCALATE",
      "ESCALATE",
      "ESCALATE",
    ],
  ],
  ["dynamics365_admin", "Basic User", ["904", "904", "905", N, N, N, N, N, N, N, N, N]],
];

const OUTCOMES: Record<string, { allowed: boolean; code?: string; reason?: string }> = {
  ok: { allowed: true },
  "904": { allowed: false, code: "0x80090904", reason: "NOT_TENANT_ADMIN" },
  "905": { allowed: false, code: "0x80090905", reason: "DMA_NOT_FOR_TEAMS" },
  SYSADMIN: { allowed: false, code: "0x80040220", reason: "NOT_SYSTEM_ADMIN" },
  ESCALATE: { allowed: false, code: "0x80040220", reason: "ESCALATION" },
  DISABLED: { allowed: false, code: "0x80040220", reason: "USER_DISABLED" },
};

function assigner(tenantRole: TenantRole | "none", envRole: EnvRole): Actor {
  return actor({
    tenantRoles: tenantRole === "none" ? [] : [tenantRole],
    memberships: [membership(ENV, ENV_ROLES[envRole])],
  });
}

const cases = MATRIX.flatMap(([tenantRole, envRole, outcomes]) =>
  CELLS.map(([role, target], i) => ({
    tenantRole,
    envRole,
    role: role.name,
    target: target.kind === "team" ? "a team" : target.isEnabled ? "an enabled user" : "a disabled user",
    actor: assigner(tenantRole, envRole),
    request: { environmentId: ENV, role, target, operation: "assign" as const },
    expected: OUTCOMES[outcomes[i]!]!,
  })),
);

describe("assigning a security role (DOMAIN §4)", () => {
  it("the matrix covers every cell", () => expect(cases).toHaveLength(5 * 5 * 4 * 3));

  it.each(cases)("tenant $tenantRole + env $envRole assigning $role to $target", ({ actor, request, expected }) => {
    const decision = decideRoleAssignment(actor, request, now);
    expect({
      allowed: decision.allowed,
      ...(decision.allowed ? {} : { code: decision.code, reason: decision.reason }),
    }).toEqual(expected);
  });
});

describe("other assignment rules", () => {
  it("removing DMA follows the same tenant-admin rule, even from a disabled user", () => {
    const remove = (a: Actor, target: AssignmentTarget) =>
      decideRoleAssignment(a, { environmentId: ENV, role: DMA, target, operation: "remove" }, now);
    expect(remove(assigner("none", "System Administrator"), USER)).toMatchObject({
      allowed: false,
      code: "0x80090904",
    });
    expect(remove(assigner("exchange_admin", "none"), DISABLED).allowed).toBe(true);
  });

  it("a system role such as Support User can never be assigned, not even by a Global admin and System Administrator", () => {
    const support: RoleFacts = { ...holding("support_user"), isAssignable: false };
    const decision = decideRoleAssignment(
      assigner("global_admin", "System Administrator"),
      { environmentId: ENV, role: support, target: USER, operation: "assign" },
      now,
    );
    expect(decision).toMatchObject({ allowed: false, code: "0x80040220", reason: "NOT_ASSIGNABLE" });
  });

  it("System Administrator held only through a team still lets you assign", () => {
    const viaTeam = actor({
      memberships: [membership(ENV, [holding("system_administrator", { via: "team", teamName: "Admins" })])],
    });
    expect(
      decideRoleAssignment(viaTeam, { environmentId: ENV, role: BASIC, target: USER, operation: "assign" }, now)
        .allowed,
    ).toBe(true);
  });

  it("an expired System Administrator assignment assigns nothing", () => {
    const expired = actor({
      memberships: [membership(ENV, [holding("system_administrator", { endsAt: new Date("2026-11-27T11:59:59Z") })])],
    });
    expect(
      decideRoleAssignment(expired, { environmentId: ENV, role: BASIC, target: USER, operation: "assign" }, now),
    ).toMatchObject({ reason: "NOT_SYSTEM_ADMIN" });
  });

  it("the escalation refusal names the privilege the assigner lacks", () => {
    const decision = decideRoleAssignment(
      assigner("none", "custom role with Assign"),
      { environmentId: ENV, role: MAILBOX_APPROVERS, target: USER, operation: "assign" },
      now,
    );
    expect(decision.message).toContain("Approve Email Addresses for Users or Queues");
  });
});

describe("Add me as System Administrator (self-elevation)", () => {
  it.each([
    ["global_admin", true, null],
    ["power_platform_admin", true, null],
    ["dynamics365_admin", true, null],
    ["exchange_admin", false, "NOT_ELEVATION_ELIGIBLE"],
    ["none", false, "NOT_ELEVATION_ELIGIBLE"],
  ] as const)("%s → allowed %s", (tenantRole, allowed, reason) => {
    const decision = decideSelfElevation(assigner(tenantRole, "none"), ENV, now);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toBe(reason);
  });

  it("someone who already holds System Administrator directly is told so", () => {
    expect(decideSelfElevation(assigner("global_admin", "System Administrator"), ENV, now).reason).toBe(
      "ALREADY_SYSTEM_ADMIN",
    );
  });
});
