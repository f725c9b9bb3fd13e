import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { decideApproval } from "./approval";
import {
  decideApprovalOnceDelegated,
  decideChangeTerms,
  decideHolderCanApprove,
  holdsSystemAdministrator,
} from "./delegation";
import { actor, holding, membership } from "./fixtures";
import type { RoleFacts } from "./role-assignment";

const ENV = 1;
const now = new Date("2026-11-27T12:00:00Z");
const later = new Date("2026-12-27T12:00:00Z");
const earlier = new Date("2026-10-27T12:00:00Z");
const dma = (extra = {}) => holding("delegated_mailbox_approver", extra);
const sysAdmin = (extra = {}) => holding("system_administrator", extra);
const holder = (roles: ReturnType<typeof holding>[], extra: Parameters<typeof membership>[2] = {}) =>
  actor({ memberships: [membership(ENV, roles, extra)] });

// Each holder and what the approval rule answers for them: "yes" or the reason they cannot approve.
const HOLDERS: { who: string; holder: Actor; canApprove: string; isSystemAdministrator: boolean }[] = [
  {
    who: "DMA and System Administrator directly",
    holder: holder([dma(), sysAdmin()]),
    canApprove: "yes",
    isSystemAdministrator: true,
  },
  {
    who: "DMA, and System Administrator through a team",
    holder: holder([dma(), sysAdmin({ via: "team", teamName: "Mail Admins" })]),
    canApprove: "yes",
    isSystemAdministrator: true,
  },
  {
    who: "DMA without System Administrator",
    holder: holder([dma(), holding("basic_user")]),
    canApprove: "NO_APPROVE_PRIVILEGE",
    isSystemAdministrator: false,
  },
  {
    who: "an expired DMA with System Administrator",
    holder: holder([dma({ endsAt: earlier }), sysAdmin()]),
    canApprove: "DMA_EXPIRED",
    isSystemAdministrator: true,
  },
  {
    who: "DMA until next month with System Administrator",
    holder: holder([dma({ endsAt: later }), sysAdmin()]),
    canApprove: "yes",
    isSystemAdministrator: true,
  },
  {
    who: "DMA through a team only (never counts) with System Administrator",
    holder: holder([dma({ via: "team", teamName: "Approvers" }), sysAdmin()]),
    canApprove: "NOT_TENANT_ADMIN_OR_DMA",
    isSystemAdministrator: true,
  },
  {
    who: "DMA and System Administrator, disabled in the environment",
    holder: holder([dma(), sysAdmin()], { isEnabled: false }),
    canApprove: "USER_DISABLED",
    isSystemAdministrator: false,
  },
  {
    who: "an ended System Administrator assignment",
    holder: holder([dma(), sysAdmin({ endsAt: earlier })]),
    canApprove: "NO_APPROVE_PRIVILEGE",
    isSystemAdministrator: false,
  },
];

describe("whether a Delegated Mailbox Approver can approve", () => {
  it.each(HOLDERS)("$who → $canApprove", ({ holder, canApprove, isSystemAdministrator }) => {
    const decision = decideHolderCanApprove(holder, ENV, now);
    expect(decision.allowed ? "yes" : decision.reason).toBe(canApprove);
    expect(holdsSystemAdministrator(holder, ENV, now)).toBe(isSystemAdministrator);
  });

  it.each([
    {
      who: "System Administrator through a team",
      person: holder([sysAdmin({ via: "team", teamName: "Admins" })]),
      outcome: "yes",
    },
    {
      who: "an expired delegate with System Administrator",
      person: holder([dma({ endsAt: earlier }), sysAdmin()]),
      outcome: "yes",
    },
    { who: "a Basic User", person: holder([holding("basic_user")]), outcome: "NO_APPROVE_PRIVILEGE" },
    { who: "not a user of the environment", person: actor(), outcome: "NOT_IN_ENVIRONMENT" },
  ])("once delegated, $who → $outcome", ({ person, outcome }) => {
    const decision = decideApprovalOnceDelegated(person, ENV, now);
    expect(decision.allowed ? "yes" : decision.reason).toBe(outcome);
  });

  it("an approval allowed by the delegate path says so; a tenant admin's says tenant admin", () => {
    const mailbox = {
      environmentId: ENV,
      regardingType: "user" as const,
      regardingUserId: 999,
      emailAddress: "x@contoso.com",
    };
    const settings = { requirePrivilegeToSelfApprove: false };
    expect(decideApproval(holder([dma(), sysAdmin()]), mailbox, settings, "approve", now).allowedBy).toBe(
      "delegated-approver",
    );
    const globalWithDma = actor({ tenantRoles: ["global_admin"], memberships: [membership(ENV, [dma(), sysAdmin()])] });
    expect(decideApproval(globalWithDma, mailbox, settings, "approve", now).allowedBy).toBe("tenant-admin");
    expect(decideApproval(holder([dma()]), mailbox, settings, "approve", now).allowedBy).toBeNull();
  });
});

const DMA_ROLE: RoleFacts = {
  key: "delegated_mailbox_approver",
  name: "Delegated Mailbox Approver",
  isAssignable: true,
  privileges: {},
};

// Who may extend, renew or shorten: change × actor × whether the holder is enabled.
const CHANGERS: {
  who: string;
  actor: Actor;
  change: "extend" | "renew" | "shorten";
  isTargetEnabled: boolean;
  outcome: string;
}[] = [
  {
    who: "a Global Administrator",
    actor: actor({ tenantRoles: ["global_admin"] }),
    change: "extend",
    isTargetEnabled: true,
    outcome: "ok",
  },
  {
    who: "an Exchange Administrator",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    change: "renew",
    isTargetEnabled: true,
    outcome: "ok",
  },
  {
    who: "a Power Platform Administrator",
    actor: actor({ tenantRoles: ["power_platform_admin"] }),
    change: "extend",
    isTargetEnabled: true,
    outcome: "0x80090904",
  },
  {
    who: "a System Administrator",
    actor: holder([sysAdmin()]),
    change: "shorten",
    isTargetEnabled: true,
    outcome: "0x80090904",
  },
  {
    who: "an Exchange Administrator, for a disabled holder",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    change: "extend",
    isTargetEnabled: false,
    outcome: "USER_DISABLED",
  },
  {
    who: "an Exchange Administrator shortening a disabled holder's",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    change: "shorten",
    isTargetEnabled: false,
    outcome: "ok",
  },
];

describe("who may change a delegation's end date", () => {
  it.each(CHANGERS)("$who, $change → $outcome", ({ actor, change, isTargetEnabled, outcome }) => {
    const decision = decideChangeTerms(actor, { environmentId: ENV, role: DMA_ROLE, isTargetEnabled, change }, now);
    expect(decision.allowed ? "ok" : decision.code === "0x80090904" ? decision.code : decision.reason).toBe(outcome);
  });
});
