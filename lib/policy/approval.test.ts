import { describe, expect, it } from "vitest";
import type { Membership } from "./actor";
import type { TenantRole } from "./catalog";
import { actor, customRole, holding, membership } from "./fixtures";
import { approverRole, decideApproval, decideEditMailbox, editMailboxDecider, type MailboxFacts } from "./approval";

const ENV = 1;
const ME = ENV * 100; // the fixture membership's environment user id
const now = new Date("2026-11-27T12:00:00Z");
const past = new Date("2026-11-01T00:00:00Z");

const MAILBOXES: Record<string, MailboxFacts> = {
  "own, address = UPN": {
    environmentId: ENV,
    regardingType: "user",
    regardingUserId: ME,
    emailAddress: "Someone@Contoso.com",
  },
  "own, address ≠ UPN": {
    environmentId: ENV,
    regardingType: "user",
    regardingUserId: ME,
    emailAddress: "someone.else@contoso.com",
  },
  "another user's": {
    environmentId: ENV,
    regardingType: "user",
    regardingUserId: 999,
    emailAddress: "other@contoso.com",
  },
  queue: { environmentId: ENV, regardingType: "queue", regardingUserId: null, emailAddress: "support@contoso.com" },
};
const TARGETS = Object.keys(MAILBOXES);

const APPROVERS = customRole("Mailbox Approvers", {
  prvApproveRejectEmailAddress: "organization",
  prvReadMailbox: "organization",
});
const ENV_ROLES = {
  "not a member": null,
  "Basic User": [holding("basic_user")],
  "System Administrator": [holding("system_administrator")],
  "System Administrator through a team": [holding("system_administrator", { via: "team", teamName: "Mail Admins" })],
  // A custom role with the approve privilege, and no System Administrator: the privilege alone approves nothing.
  "custom approver role": [APPROVERS],
  "Basic User and the custom approver role": [holding("basic_user"), APPROVERS],
} as const;
const DMA = {
  none: [],
  active: [holding("delegated_mailbox_approver")],
  expired: [holding("delegated_mailbox_approver", { endsAt: past })],
};

// Columns: each target with RequirePrivilegeToSelfApproveEmailAddress off, then on.
// ok = allowed; T&E = refused here but approvable by Test & Enable (self-approval without the privilege);
// other values are the reason code (all refusals carry 0x80040256).
const NIE = "NOT_IN_ENVIRONMENT",
  NP = "NO_APPROVE_PRIVILEGE",
  N = "NOT_TENANT_ADMIN_OR_DMA",
  E = "DMA_EXPIRED",
  NSA = "NOT_SYSTEM_ADMIN";
const MATRIX: [TenantRole | "none", keyof typeof ENV_ROLES, keyof typeof DMA, string[]][] = [
  //                                                       own=UPN off/on  own≠UPN off/on  another's off/on  queue off/on
  ["none", "not a member", "none", [NIE, NIE, NIE, NIE, NIE, NIE, NIE, NIE]],
  ["none", "Basic User", "none", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["none", "Basic User", "active", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["none", "Basic User", "expired", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["none", "System Administrator", "none", ["ok", "ok", N, N, N, N, N, N]],
  ["none", "System Administrator", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["none", "System Administrator", "expired", ["ok", "ok", E, E, E, E, E, E]],
  ["none", "System Administrator through a team", "none", ["ok", "ok", N, N, N, N, N, N]],
  ["none", "System Administrator through a team", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["none", "System Administrator through a team", "expired", ["ok", "ok", E, E, E, E, E, E]],
  ["global_admin", "not a member", "none", [NIE, NIE, NIE, NIE, NIE, NIE, NIE, NIE]],
  ["global_admin", "Basic User", "none", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["global_admin", "Basic User", "active", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["global_admin", "Basic User", "expired", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["global_admin", "System Administrator", "none", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["global_admin", "System Administrator", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["global_admin", "System Administrator", "expired", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["global_admin", "System Administrator through a team", "none", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["global_admin", "System Administrator through a team", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["global_admin", "System Administrator through a team", "expired", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["exchange_admin", "not a member", "none", [NIE, NIE, NIE, NIE, NIE, NIE, NIE, NIE]],
  ["exchange_admin", "Basic User", "none", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["exchange_admin", "Basic User", "active", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["exchange_admin", "Basic User", "expired", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["exchange_admin", "System Administrator", "none", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["exchange_admin", "System Administrator", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["exchange_admin", "System Administrator", "expired", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["exchange_admin", "System Administrator through a team", "none", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["exchange_admin", "System Administrator through a team", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  [
    "exchange_admin",
    "System Administrator through a team",
    "expired",
    ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
  ],
  // Power Platform and Dynamics 365 administrators manage environments but approve nothing by
  // their tenant role: they need Delegated Mailbox Approver, like anyone who is not a tenant admin.
  ["power_platform_admin", "not a member", "none", [NIE, NIE, NIE, NIE, NIE, NIE, NIE, NIE]],
  ["power_platform_admin", "Basic User", "none", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["power_platform_admin", "System Administrator", "none", ["ok", "ok", N, N, N, N, N, N]],
  ["power_platform_admin", "System Administrator", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["power_platform_admin", "System Administrator", "expired", ["ok", "ok", E, E, E, E, E, E]],
  ["power_platform_admin", "System Administrator through a team", "none", ["ok", "ok", N, N, N, N, N, N]],
  ["dynamics365_admin", "not a member", "none", [NIE, NIE, NIE, NIE, NIE, NIE, NIE, NIE]],
  ["dynamics365_admin", "Basic User", "none", ["T&E", NP, NP, NP, NP, NP, NP, NP]],
  ["dynamics365_admin", "System Administrator", "none", ["ok", "ok", N, N, N, N, N, N]],
  ["dynamics365_admin", "System Administrator", "active", ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"]],
  ["dynamics365_admin", "System Administrator", "expired", ["ok", "ok", E, E, E, E, E, E]],
  ["dynamics365_admin", "System Administrator through a team", "none", ["ok", "ok", N, N, N, N, N, N]],
  // The approve privilege without System Administrator: refused as NOT_SYSTEM_ADMIN, for a Global
  // Administrator and a delegated approver too. Only self-approval needs no System Administrator,
  // and it needs Write Mailbox on your own (Basic User), which the custom role alone lacks.
  ["none", "custom approver role", "none", [NSA, NSA, NSA, NSA, NSA, NSA, NSA, NSA]],
  ["none", "custom approver role", "active", [NSA, NSA, NSA, NSA, NSA, NSA, NSA, NSA]],
  ["global_admin", "custom approver role", "none", [NSA, NSA, NSA, NSA, NSA, NSA, NSA, NSA]],
  ["exchange_admin", "custom approver role", "active", [NSA, NSA, NSA, NSA, NSA, NSA, NSA, NSA]],
  ["none", "Basic User and the custom approver role", "none", ["ok", "ok", NSA, NSA, NSA, NSA, NSA, NSA]],
  ["global_admin", "Basic User and the custom approver role", "active", ["ok", "ok", NSA, NSA, NSA, NSA, NSA, NSA]],
];

function makeActor(tenantRole: TenantRole | "none", envRole: keyof typeof ENV_ROLES, dma: keyof typeof DMA) {
  const roles = ENV_ROLES[envRole];
  const memberships: Membership[] = roles === null ? [] : [membership(ENV, [...roles, ...DMA[dma]])];
  return actor({ tenantRoles: tenantRole === "none" ? [] : [tenantRole], memberships });
}

const cases = MATRIX.flatMap(([tenantRole, envRole, dma, outcomes]) =>
  TARGETS.flatMap((target, t) =>
    [false, true].map((requirePrivilege, s) => ({
      tenantRole,
      envRole,
      dma,
      target,
      setting: requirePrivilege ? "on" : "off",
      requirePrivilege,
      expected: outcomes[t * 2 + s]!,
    })),
  ),
);

describe("approving a mailbox's email address (DOMAIN §3)", () => {
  it("the matrix covers every cell", () => expect(cases).toHaveLength(48 * 4 * 2));

  it.each(cases)(
    "tenant $tenantRole, $envRole, DMA $dma → $target with the self-approve setting $setting: $expected",
    ({ tenantRole, envRole, dma, target, requirePrivilege, expected }) => {
      const decision = decideApproval(
        makeActor(tenantRole, envRole, dma),
        MAILBOXES[target]!,
        { requirePrivilegeToSelfApprove: requirePrivilege },
        "approve",
        now,
      );
      const outcome = decision.allowed
        ? "ok"
        : decision.reason === "SELF_APPROVE_WITH_TEST_AND_ENABLE"
          ? "T&E"
          : decision.reason;
      expect(outcome).toBe(expected);
      if (!decision.allowed) expect(decision.code).toBe("0x80040256");
      expect(decision.allowedBy === null).toBe(!decision.allowed);
    },
  );
});

describe("other approval rules", () => {
  const own = MAILBOXES["own, address = UPN"]!;
  const off = { requirePrivilegeToSelfApprove: false };

  it("nobody rejects their own mailbox by self-approval", () => {
    expect(decideApproval(makeActor("none", "Basic User", "none"), own, off, "reject", now).reason).toBe(NP);
    expect(decideApproval(makeActor("none", "System Administrator", "none"), own, off, "reject", now).reason).toBe(N);
  });

  it("Delegated Mailbox Approver held through a team counts for nothing", () => {
    const viaTeam = actor({
      memberships: [
        membership(ENV, [
          holding("system_administrator"),
          holding("delegated_mailbox_approver", { via: "team", teamName: "Mail Admins" }),
        ]),
      ],
    });
    expect(decideApproval(viaTeam, MAILBOXES.queue!, off, "approve", now).reason).toBe(N);
  });

  it("a disabled member is told their account is disabled", () => {
    const disabled = actor({
      tenantRoles: ["global_admin"],
      memberships: [membership(ENV, [holding("system_administrator")], { isEnabled: false })],
    });
    expect(decideApproval(disabled, MAILBOXES.queue!, off, "approve", now).reason).toBe("USER_DISABLED");
  });

  it("the explainer suggests the path with the fewest unmet conditions", () => {
    expect(
      decideApproval(makeActor("none", "System Administrator", "none"), MAILBOXES.queue!, off, "approve", now)
        .closestPath,
    ).toBe("tenant-admin");
    expect(
      decideApproval(
        makeActor("none", "Basic User", "none"),
        own,
        { requirePrivilegeToSelfApprove: true },
        "approve",
        now,
      ).closestPath,
    ).toBe("self-approval");
    expect(decideApproval(makeActor("none", "Basic User", "none"), own, off, "approve", now).canSelfApprove).toBe(true);
  });

  it.each([
    ["a Global Administrator", makeActor("global_admin", "System Administrator", "active"), own, "tenant-admin"],
    ["an Exchange Administrator", makeActor("exchange_admin", "System Administrator", "none"), own, "tenant-admin"],
    ["a delegated approver", makeActor("none", "System Administrator", "active"), own, "delegated-approver"],
    ["a System Administrator, own mailbox", makeActor("none", "System Administrator", "none"), own, "self-approval"],
    ["a System Administrator, a queue", makeActor("none", "System Administrator", "none"), MAILBOXES.queue!, null],
  ] as const)("the decision names the path that allowed it: %s → %s", (_who, who, mailbox, path) => {
    expect(decideApproval(who, mailbox, off, "approve", now).allowedBy).toBe(path);
  });

  it("names an approver by the role they approve through; nobody by self-approval", () => {
    const roleOf = (who: ReturnType<typeof makeActor>) =>
      approverRole(who, decideApproval(who, MAILBOXES.queue!, off, "approve", now));
    expect(roleOf(makeActor("global_admin", "System Administrator", "active"))).toBe("Global Administrator");
    expect(roleOf(makeActor("exchange_admin", "System Administrator", "none"))).toBe("Exchange Administrator");
    expect(roleOf(makeActor("none", "System Administrator", "active"))).toBe("Delegated Mailbox Approver");
    expect(roleOf(makeActor("none", "System Administrator", "none"))).toBeNull();
    const self = makeActor("none", "System Administrator", "none");
    expect(approverRole(self, decideApproval(self, own, off, "approve", now))).toBeNull();
  });

  it.each([
    [
      "a System Administrator edits any mailbox",
      makeActor("none", "System Administrator", "none"),
      MAILBOXES["another user's"]!,
      true,
    ],
    ["a Basic User edits their own", makeActor("none", "Basic User", "none"), own, true],
    [
      "a Basic User cannot edit someone else's",
      makeActor("none", "Basic User", "none"),
      MAILBOXES["another user's"]!,
      false,
    ],
    ["a Global admin who is not a member cannot edit", makeActor("global_admin", "not a member", "none"), own, false],
  ])("%s", (_name, who, mailbox, allowed) => {
    expect(decideEditMailbox(who, mailbox, now).allowed).toBe(allowed);
  });

  it("the grid's decider, the actor's rights looked up once, decides each mailbox as decideEditMailbox does", () => {
    const elsewhere: MailboxFacts = { ...MAILBOXES["another user's"]!, environmentId: ENV + 1 };
    const mailboxes = [own, MAILBOXES["another user's"]!, MAILBOXES.queue!, elsewhere];
    for (const who of [
      makeActor("none", "System Administrator", "none"),
      makeActor("none", "Basic User", "none"),
      makeActor("global_admin", "not a member", "none"),
    ]) {
      const decide = editMailboxDecider(who, ENV, now);
      for (const mailbox of mailboxes) expect(decide(mailbox)).toEqual(decideEditMailbox(who, mailbox, now));
    }
    // A System Administrator here writes no mailbox of an environment they are not a member of.
    expect(editMailboxDecider(makeActor("none", "System Administrator", "none"), ENV, now)(elsewhere).allowed).toBe(
      false,
    );
  });
});
