import { describe, expect, it } from "vitest";
import { ActMethod, IncomingMethod, OutgoingMethod } from "./catalog";
import { actor, holding, membership } from "./fixtures";
import {
  decideRunTestAndEnable,
  directionsInUse,
  evaluateTestAndEnable,
  kindsSyncingWithoutApproval,
  selfApprovalFor,
  SUCCESS_ALERT,
  type SelfApproval,
  type SyncMethods,
  type TestFacts,
} from "./test-and-enable";

const ON = { processApprovedUsersOnly: true, processApprovedQueuesOnly: true };
const NO_SELF: SelfApproval = { canSelfApprove: false, blockedBy: null };

/** Every check passes: an approved, licensed, active user mailbox syncing all three directions. */
const HEALTHY: TestFacts = {
  emailAddress: "bob@contoso.com",
  regardingType: "user",
  isActive: true,
  profile: { name: "Microsoft Exchange Online", isActive: true },
  isApproved: true,
  methods: { incoming: 2, outgoing: 2, act: 1 },
  exchange: { kind: "user", isLicensed: true },
  isOwnerTheUser: true,
};

const codes = (facts: Partial<TestFacts>, settings = ON, self = NO_SELF) =>
  evaluateTestAndEnable({ ...HEALTHY, ...facts }, settings, self).alerts.map((a) => a.code);
const failedChecks = (facts: Partial<TestFacts>, settings = ON) =>
  evaluateTestAndEnable({ ...HEALTHY, ...facts }, settings, NO_SELF)
    .checks.filter((c) => c.outcome === "failed")
    .map((c) => c.id);

describe("each Test & Enable check in isolation", () => {
  // [check, the one fact that breaks it, the alerts it writes, the statuses incoming/outgoing/ACT]
  const CASES: [string, Partial<TestFacts>, string[], [number, number, number]][] = [
    ["mailbox-active", { isActive: false }, ["MailboxDisabled"], [2, 2, 2]],
    ["server-profile", { profile: null }, ["InvalidIncomingEmailServerProfile"], [2, 2, 2]],
    ["server-profile", { profile: { name: "Old", isActive: false } }, ["InvalidIncomingEmailServerProfile"], [2, 2, 2]],
    [
      "approval",
      { isApproved: false },
      ["IncomingEmailS2SApprovalNeeded", "OutgoingEmailS2SApprovalNeeded", "ExchangeSyncEmailS2SApprovalNeeded"],
      [2, 2, 2],
    ],
    ["exchange-recipient", { exchange: null }, ["NoUserWithEmailAddressInTenant"], [2, 2, 2]],
    ["license", { exchange: { kind: "user", isLicensed: false } }, ["ErrorInvalidLicense"], [2, 2, 2]],
    ["act-owner", { isOwnerTheUser: false }, ["Crm.80048306", SUCCESS_ALERT], [1, 1, 2]],
  ];
  it.each(CASES)("%s fails alone: %j", (check, facts, expected, statuses) => {
    const outcome = evaluateTestAndEnable({ ...HEALTHY, ...facts }, ON, NO_SELF);
    expect(outcome.checks.filter((c) => c.outcome === "failed").map((c) => c.id)).toEqual([check]);
    expect(outcome.alerts.map((a) => a.code)).toEqual(expected);
    expect([outcome.statuses.incoming, outcome.statuses.outgoing, outcome.statuses.act]).toEqual(statuses);
    expect(outcome.mailboxStatus).toBe(2);
  });

  it("all checks pass: every direction Success, one information alert for the owner", () => {
    const outcome = evaluateTestAndEnable(HEALTHY, ON, NO_SELF);
    expect(outcome.checks.map((c) => c.outcome)).toEqual(["passed", "passed", "passed", "passed", "passed", "passed"]);
    expect(outcome.statuses).toEqual({ incoming: 1, outgoing: 1, act: 1 });
    expect(outcome.mailboxStatus).toBe(1);
    expect(outcome.alerts).toEqual([expect.objectContaining({ level: "information", code: SUCCESS_ALERT })]);
  });

  it("a shared mailbox needs no license", () => {
    expect(codes({ exchange: { kind: "shared", isLicensed: false } })).toEqual([SUCCESS_ALERT]);
  });

  it("the license check is skipped when the address is not in Exchange at all", () => {
    const outcome = evaluateTestAndEnable({ ...HEALTHY, exchange: null }, ON, NO_SELF);
    expect(outcome.checks.find((c) => c.id === "license")!.outcome).toBe("skipped");
  });

  it("a queue never syncs appointments, contacts and tasks", () => {
    expect(
      codes({ regardingType: "queue", isOwnerTheUser: false, exchange: { kind: "shared", isLicensed: false } }),
    ).toEqual(["Crm.80048306", SUCCESS_ALERT]);
  });
});

describe("the checks run in DOMAIN §6's order and report every failure", () => {
  it("everything wrong: the alerts come in the order of the checks", () => {
    const facts: Partial<TestFacts> = {
      isActive: false,
      profile: null,
      isApproved: false,
      exchange: { kind: "user", isLicensed: false },
      isOwnerTheUser: false,
    };
    expect(failedChecks(facts)).toEqual(["mailbox-active", "server-profile", "approval", "license", "act-owner"]);
    expect(codes(facts)).toEqual([
      "MailboxDisabled",
      "InvalidIncomingEmailServerProfile",
      "IncomingEmailS2SApprovalNeeded",
      "OutgoingEmailS2SApprovalNeeded",
      "ExchangeSyncEmailS2SApprovalNeeded",
      "ErrorInvalidLicense",
      "Crm.80048306",
    ]);
  });

  it("a pending, unlicensed address reports both the approval and the license (lena)", () => {
    expect(codes({ isApproved: false, exchange: { kind: "user", isLicensed: false } })).toEqual([
      "IncomingEmailS2SApprovalNeeded",
      "OutgoingEmailS2SApprovalNeeded",
      "ExchangeSyncEmailS2SApprovalNeeded",
      "ErrorInvalidLicense",
    ]);
  });

  it("an unknown address is reported whether or not it is approved (mark)", () => {
    expect(codes({ exchange: null })).toEqual(["NoUserWithEmailAddressInTenant"]);
    expect(codes({ exchange: null, isApproved: false })).toContain("NoUserWithEmailAddressInTenant");
  });
});

describe("directions and approval settings", () => {
  it.each([
    [
      {
        incoming: IncomingMethod.ServerSideSync,
        outgoing: OutgoingMethod.ServerSideSync,
        act: ActMethod.ServerSideSync,
      },
      ["incoming", "outgoing", "act"],
    ],
    [{ incoming: IncomingMethod.ForwardMailbox, outgoing: OutgoingMethod.None, act: ActMethod.None }, ["incoming"]],
    [{ incoming: IncomingMethod.Outlook, outgoing: OutgoingMethod.Outlook, act: ActMethod.Outlook }, []],
    [{ incoming: IncomingMethod.None, outgoing: OutgoingMethod.ServerSideSync, act: ActMethod.None }, ["outgoing"]],
  ] satisfies [SyncMethods, string[]][])("methods %j sync %j through server-side synchronization", (methods, used) => {
    expect(directionsInUse(methods)).toEqual(used);
  });

  it("unused directions stay Not Run and get no approval alert", () => {
    const outcome = evaluateTestAndEnable(
      { ...HEALTHY, isApproved: false, methods: { incoming: 2, outgoing: 0, act: 2 } },
      ON,
      NO_SELF,
    );
    expect(outcome.statuses).toEqual({ incoming: 2, outgoing: 0, act: 0 });
    expect(outcome.alerts.map((a) => a.code)).toEqual(["IncomingEmailS2SApprovalNeeded"]);
  });

  it("nothing in use: Not Run everywhere, no alert", () => {
    const outcome = evaluateTestAndEnable({ ...HEALTHY, methods: { incoming: 0, outgoing: 0, act: 2 } }, ON, NO_SELF);
    expect(outcome).toMatchObject({ statuses: { incoming: 0, outgoing: 0, act: 0 }, mailboxStatus: 0, alerts: [] });
  });

  it.each([
    ["user", { processApprovedUsersOnly: false, processApprovedQueuesOnly: true }, true],
    ["user", { processApprovedUsersOnly: true, processApprovedQueuesOnly: false }, false],
    ["queue", { processApprovedUsersOnly: true, processApprovedQueuesOnly: false }, true],
    ["queue", { processApprovedUsersOnly: false, processApprovedQueuesOnly: true }, false],
  ] as const)("an unapproved %s mailbox with %j succeeds: %s", (regardingType, settings, succeeds) => {
    const facts = {
      isApproved: false,
      regardingType,
      isOwnerTheUser: regardingType === "user",
      methods: {
        incoming: IncomingMethod.ServerSideSync,
        outgoing: OutgoingMethod.ServerSideSync,
        act: regardingType === "user" ? ActMethod.ServerSideSync : ActMethod.None,
      },
    };
    expect(evaluateTestAndEnable({ ...HEALTHY, ...facts }, settings, NO_SELF).mailboxStatus).toBe(succeeds ? 1 : 2);
  });
});

describe("self-approval during Test & Enable", () => {
  const SELF: SelfApproval = { canSelfApprove: true, blockedBy: null };

  it("approves a pending own mailbox and then passes the approval check", () => {
    const outcome = evaluateTestAndEnable({ ...HEALTHY, isApproved: false }, ON, SELF);
    expect(outcome.selfApproves).toBe(true);
    expect(outcome.mailboxStatus).toBe(1);
  });

  it("does not approve what is already approved, nor an inactive mailbox", () => {
    expect(evaluateTestAndEnable(HEALTHY, ON, SELF).selfApproves).toBe(false);
    expect(evaluateTestAndEnable({ ...HEALTHY, isApproved: false, isActive: false }, ON, SELF).selfApproves).toBe(
      false,
    );
  });

  it("the approval alert says why the owner could not approve it", () => {
    const blocked = {
      canSelfApprove: false,
      blockedBy: "Its owner cannot approve it by self-approval: RequirePrivilegeToSelfApproveEmailAddress is on.",
    };
    const [alert] = evaluateTestAndEnable({ ...HEALTHY, isApproved: false }, ON, blocked).alerts;
    expect(alert!.text).toContain("RequirePrivilegeToSelfApproveEmailAddress");
  });

  const ENV = 1;
  const ME = ENV * 100;
  const own = {
    environmentId: ENV,
    regardingType: "user" as const,
    regardingUserId: ME,
    emailAddress: "someone@contoso.com",
  };
  const basicUser = actor({ memberships: [membership(ENV, [holding("basic_user")])] });
  const now = new Date("2026-11-27T12:00:00Z");

  it("comes from decideApproval: a Basic User on their own mailbox, setting off", () => {
    expect(selfApprovalFor(basicUser, own, { requirePrivilegeToSelfApprove: false }, now)).toEqual({
      canSelfApprove: true,
      blockedBy: null,
    });
  });

  it("with RequirePrivilegeToSelfApproveEmailAddress on, a Basic User is told the setting blocks it", () => {
    const result = selfApprovalFor(basicUser, own, { requirePrivilegeToSelfApprove: true }, now);
    expect(result.canSelfApprove).toBe(false);
    expect(result.blockedBy).toContain("RequirePrivilegeToSelfApproveEmailAddress");
  });

  it("someone else's mailbox: no self-approval and nothing to say about its owner", () => {
    expect(
      selfApprovalFor(basicUser, { ...own, regardingUserId: 999 }, { requirePrivilegeToSelfApprove: false }, now),
    ).toEqual({ canSelfApprove: false, blockedBy: null });
  });
});

describe("who may run Test & Enable: write on that mailbox", () => {
  const ENV = 1;
  const now = new Date("2026-11-27T12:00:00Z");
  const own = {
    environmentId: ENV,
    regardingType: "user" as const,
    regardingUserId: ENV * 100,
    emailAddress: "someone@contoso.com",
  };
  const other = { ...own, regardingUserId: 999 };
  const queue = { ...own, regardingType: "queue" as const, regardingUserId: null };
  const CASES = [
    ["a Basic User, own mailbox", [holding("basic_user")], own, true],
    ["a Basic User, another user's", [holding("basic_user")], other, false],
    ["a Basic User, a queue", [holding("basic_user")], queue, false],
    ["a System Administrator, another user's", [holding("system_administrator")], other, true],
    ["a System Administrator, a queue", [holding("system_administrator")], queue, true],
    ["a System Customizer, another user's", [holding("system_customizer")], other, false],
  ] as const;
  it.each(CASES)("%s: %s", (_label, roles, mailbox, allowed) => {
    const decision = decideRunTestAndEnable(actor({ memberships: [membership(ENV, [...roles])] }), mailbox, now);
    expect(decision.allowed).toBe(allowed);
    if (!allowed) expect(decision).toMatchObject({ code: "0x80040220", reason: "NO_WRITE_PRIVILEGE" });
  });

  it("a Global Administrator who is not a user of the environment cannot", () => {
    expect(decideRunTestAndEnable(actor({ tenantRoles: ["global_admin"] }), other, now).allowed).toBe(false);
  });
});

describe("which kinds of mailbox sync without approval", () => {
  it.each([
    [true, true, []],
    [false, true, ["user"]],
    [true, false, ["queue"]],
    [false, false, ["user", "queue"]],
  ] as const)("users only when approved %s, queues only when approved %s: %j", (users, queues, kinds) => {
    expect(kindsSyncingWithoutApproval({ processApprovedUsersOnly: users, processApprovedQueuesOnly: queues })).toEqual(
      kinds,
    );
  });
});
