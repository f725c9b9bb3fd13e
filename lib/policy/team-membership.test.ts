import { describe, expect, it } from "vitest";
import type { Actor, RoleHolding } from "./actor";
import { actor, holding, membership } from "./fixtures";
import type { RoleFacts } from "./role-assignment";
import { decideTeamMembershipChange } from "./team-membership";

const ENV = 1;
const now = new Date("2026-11-27T12:00:00Z");

const custom = (name: string, privileges: RoleHolding["privileges"]) =>
  holding("basic_user", { key: null, name, privileges });
const inEnv = (...roles: RoleHolding[]) => membership(ENV, roles);
const basicUserPrivileges = holding("basic_user").privileges;

const ACTORS: Record<string, Actor> = {
  "System Administrator": actor({ memberships: [inEnv(holding("system_administrator"))] }),
  "System Administrator through a team": actor({
    memberships: [inEnv(holding("system_administrator", { via: "team", teamName: "Admins" }))],
  }),
  "Write Team only": actor({ memberships: [inEnv(custom("Team Keepers", { prvWriteTeam: "organization" }))] }),
  "Exchange Administrator with Write Team only": actor({
    tenantRoles: ["exchange_admin"],
    memberships: [inEnv(custom("Team Keepers", { prvWriteTeam: "organization" }))],
  }),
  "Global Administrator with Write Team only": actor({
    tenantRoles: ["global_admin"],
    memberships: [inEnv(custom("Team Keepers", { prvWriteTeam: "organization" }))],
  }),
  "Write Team and Assign Role": actor({
    memberships: [inEnv(custom("Team Assigners", { prvWriteTeam: "organization", prvAssignRole: "organization" }))],
  }),
  "Write Team, Assign Role and Basic User's privileges": actor({
    memberships: [
      inEnv(
        custom("Team Assigners", {
          prvWriteTeam: "organization",
          prvAssignRole: "organization",
          ...basicUserPrivileges,
        }),
      ),
    ],
  }),
  "Write Team and Assign Role, Read User at user depth only": actor({
    memberships: [
      inEnv(
        custom("Team Assigners", {
          prvWriteTeam: "organization",
          prvAssignRole: "organization",
          prvReadMailbox: "user",
          prvWriteMailbox: "user",
          prvReadUser: "user",
        }),
      ),
    ],
  }),
  "System Customizer": actor({ memberships: [inEnv(holding("system_customizer"))] }),
};

const role = (key: Parameters<typeof holding>[0]): RoleFacts => ({ ...holding(key), isAssignable: true });
const TEAMS: Record<string, RoleFacts[]> = {
  "no roles": [],
  "Environment Maker": [role("environment_maker")],
  "Basic User": [role("basic_user")],
  "System Administrator": [role("system_administrator")],
  "Basic User and System Administrator": [role("basic_user"), role("system_administrator")],
};

// [actor, team, answer for add, answer for remove]: "ok" or the refusal's reason.
const MATRIX: [string, string, string, string][] = [
  ["System Administrator", "no roles", "ok", "ok"],
  ["System Administrator", "System Administrator", "ok", "ok"],
  ["System Administrator through a team", "Basic User and System Administrator", "ok", "ok"],
  // The attack: Write Team alone changes members only of teams that grant nothing.
  ["Write Team only", "no roles", "ok", "ok"],
  ["Write Team only", "Environment Maker", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
  ["Write Team only", "Basic User", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
  ["Write Team only", "System Administrator", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
  ["Exchange Administrator with Write Team only", "System Administrator", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
  ["Global Administrator with Write Team only", "System Administrator", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
  // An assigner may hand out, through a team, exactly what they could hand out directly.
  ["Write Team and Assign Role", "Environment Maker", "ok", "ok"],
  ["Write Team and Assign Role", "Basic User", "ESCALATION", "ESCALATION"],
  ["Write Team and Assign Role", "System Administrator", "ESCALATION", "ESCALATION"],
  ["Write Team, Assign Role and Basic User's privileges", "Basic User", "ok", "ok"],
  [
    "Write Team, Assign Role and Basic User's privileges",
    "Basic User and System Administrator",
    "ESCALATION",
    "ESCALATION",
  ],
  // Depth counts: Read User at user depth does not cover Basic User's organization depth.
  ["Write Team and Assign Role, Read User at user depth only", "Basic User", "ESCALATION", "ESCALATION"],
  ["System Customizer", "no roles", "NOT_SYSTEM_ADMIN", "NOT_SYSTEM_ADMIN"],
];

describe("team membership is role assignment (DOMAIN §11)", () => {
  it.each(MATRIX)("%s, team with %s: add → %s, remove → %s", (who, team, add, remove) => {
    for (const [operation, expected] of [
      ["add", add],
      ["remove", remove],
    ] as const) {
      const decision = decideTeamMembershipChange(
        ACTORS[who]!,
        { environmentId: ENV, teamRoles: TEAMS[team]!, target: { isEnabled: true }, operation },
        now,
      );
      expect(decision.allowed ? "ok" : decision.reason).toBe(expected);
      if (!decision.allowed) expect(decision.code).toBe("0x80040220");
    }
  });

  it("a disabled user joins no team, even one without roles, but can be taken off one", () => {
    const sysAdmin = ACTORS["System Administrator"]!;
    const add = decideTeamMembershipChange(
      sysAdmin,
      { environmentId: ENV, teamRoles: [], target: { isEnabled: false }, operation: "add" },
      now,
    );
    expect(add).toMatchObject({ allowed: false, reason: "USER_DISABLED" });
    const remove = decideTeamMembershipChange(
      sysAdmin,
      { environmentId: ENV, teamRoles: TEAMS["Basic User"]!, target: { isEnabled: false }, operation: "remove" },
      now,
    );
    expect(remove.allowed).toBe(true);
  });

  it("a refusal names the role the team would give and who can do it instead", () => {
    const decision = decideTeamMembershipChange(
      ACTORS["Write Team and Assign Role"]!,
      { environmentId: ENV, teamRoles: TEAMS["System Administrator"]!, target: { isEnabled: true }, operation: "add" },
      now,
    );
    expect(decision.message).toBe(
      "Joining this team gives System Administrator, which grants privileges you do not hold. A System Administrator of the environment can change this team's members.",
    );
    expect(decision.conditions.find((c) => c.id === "no-escalation")?.held).toBe(false);
  });
});
