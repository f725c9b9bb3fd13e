import { describe, expect, it } from "vitest";
import {
  decideViewAuditLog,
  decideViewDelegations,
  decideViewEnvironmentPage,
  decideViewTenantUsers,
  environmentAccess,
  type EnvironmentPage,
} from "./access";
import type { Actor } from "./actor";
import { actor, holding, membership } from "./fixtures";

const PROD = 1;
const now = new Date("2026-11-27T12:00:00Z");
const ALL: EnvironmentPage[] = [
  "overview",
  "users",
  "teams",
  "roles",
  "mailboxes",
  "email-settings",
  "server-profiles",
];
const DIRECTORY: EnvironmentPage[] = ["overview", "users", "teams", "roles", "mailboxes"];

// DOMAIN §2 "Who sees what", one row per kind of person, for environment PROD.
const MATRIX: { who: string; actor: Actor; pages: EnvironmentPage[] }[] = [
  { who: "a Global Administrator, not a member", actor: actor({ tenantRoles: ["global_admin"] }), pages: ALL },
  { who: "a Power Platform Administrator", actor: actor({ tenantRoles: ["power_platform_admin"] }), pages: ALL },
  { who: "a Dynamics 365 Administrator", actor: actor({ tenantRoles: ["dynamics365_admin"] }), pages: ALL },
  {
    who: "an Exchange Administrator, not a member",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    pages: DIRECTORY,
  },
  {
    who: "an Exchange Administrator who is System Administrator here",
    actor: actor({
      tenantRoles: ["exchange_admin"],
      memberships: [membership(PROD, [holding("system_administrator")])],
    }),
    pages: [...ALL, "my-mailbox"],
  },
  {
    who: "a System Administrator",
    actor: actor({ memberships: [membership(PROD, [holding("system_administrator")])] }),
    pages: [...ALL, "my-mailbox"],
  },
  {
    who: "a System Administrator through a team",
    actor: actor({
      memberships: [membership(PROD, [holding("system_administrator", { via: "team", teamName: "Admins" })])],
    }),
    pages: [...ALL, "my-mailbox"],
  },
  {
    who: "a System Customizer",
    actor: actor({ memberships: [membership(PROD, [holding("system_customizer")])] }),
    pages: [...DIRECTORY, "my-mailbox"],
  },
  {
    who: "a Basic User",
    actor: actor({ memberships: [membership(PROD, [holding("basic_user")])] }),
    pages: ["my-mailbox"],
  },
  {
    who: "a member with a custom role holding Assign Security Role",
    actor: actor({
      memberships: [
        membership(PROD, [
          holding("basic_user", { key: null, name: "Role Assigners", privileges: { prvAssignRole: "organization" } }),
        ]),
      ],
    }),
    pages: ["overview", "users", "roles", "my-mailbox"],
  },
  { who: "a member with no role", actor: actor({ memberships: [membership(PROD, [])] }), pages: ["my-mailbox"] },
  {
    who: "a Delegated Mailbox Approver without System Administrator",
    actor: actor({ memberships: [membership(PROD, [holding("delegated_mailbox_approver")])] }),
    pages: ["my-mailbox"],
  },
  {
    who: "a disabled member who is System Administrator",
    actor: actor({ memberships: [membership(PROD, [holding("system_administrator")], { isEnabled: false })] }),
    pages: [],
  },
  {
    who: "a disabled Global Administrator",
    actor: actor({ tenantRoles: ["global_admin"], isEnabled: false }),
    pages: [],
  },
  {
    who: "a System Administrator of another environment only",
    actor: actor({ memberships: [membership(2, [holding("system_administrator")])] }),
    pages: [],
  },
  {
    who: "a System Administrator whose (dated) assignment has ended",
    actor: actor({
      memberships: [membership(PROD, [holding("system_administrator", { endsAt: new Date("2026-11-01") })])],
    }),
    pages: ["my-mailbox"],
  },
];

describe("who sees which pages of an environment", () => {
  it.each(MATRIX)("$who sees exactly $pages", ({ actor, pages }) => {
    expect([...environmentAccess(actor, PROD, now).pages].sort()).toEqual([...pages].sort());
  });

  it("someone who is not in the environment at all is told 'not found', not 'forbidden'", () => {
    const decision = decideViewEnvironmentPage(actor({ memberships: [membership(2, [])] }), PROD, "users", now);
    expect(decision).toMatchObject({ allowed: false, code: "NOT_FOUND" });
  });

  it("a Basic User opening an admin page is refused with the missing-privilege code and a reason", () => {
    const decision = decideViewEnvironmentPage(
      actor({ memberships: [membership(PROD, [holding("basic_user")])] }),
      PROD,
      "mailboxes",
      now,
    );
    expect(decision).toMatchObject({ allowed: false, code: "0x80040220", reason: "NOT_PERMITTED" });
  });
});

describe("tenant pages", () => {
  it.each([
    ["global_admin", true],
    ["exchange_admin", true],
    ["power_platform_admin", true],
    ["dynamics365_admin", true],
  ] as const)("the directory is open to %s", (role, allowed) => {
    expect(decideViewTenantUsers(actor({ tenantRoles: [role] })).allowed).toBe(allowed);
  });

  it.each([
    ["a Global Administrator", actor({ tenantRoles: ["global_admin"] }), true],
    ["an Exchange Administrator", actor({ tenantRoles: ["exchange_admin"] }), true],
    ["a Power Platform Administrator", actor({ tenantRoles: ["power_platform_admin"] }), true],
    ["a Dynamics 365 Administrator", actor({ tenantRoles: ["dynamics365_admin"] }), true],
    ["a System Administrator", actor({ memberships: [membership(PROD, [holding("system_administrator")])] }), false],
    [
      "a Delegated Mailbox Approver",
      actor({ memberships: [membership(PROD, [holding("delegated_mailbox_approver")])] }),
      false,
    ],
    ["a disabled Global Administrator", actor({ tenantRoles: ["global_admin"], isEnabled: false }), false],
  ] as const)("the tenant's delegations: %s → %s", (_who, who, allowed) => {
    expect(decideViewDelegations(who).allowed).toBe(allowed);
  });

  it("the directory is closed to a System Administrator without a tenant role", () => {
    const sysAdmin = actor({ memberships: [membership(PROD, [holding("system_administrator")])] });
    expect(decideViewTenantUsers(sysAdmin)).toMatchObject({ allowed: false, reason: "NOT_TENANT_ADMIN" });
  });

  it.each([
    ["a Global Administrator", actor({ tenantRoles: ["global_admin"] }), true],
    ["an Exchange Administrator", actor({ tenantRoles: ["exchange_admin"] }), true],
    [
      "a System Administrator of one environment",
      actor({ memberships: [membership(PROD, [holding("system_administrator")])] }),
      true,
    ],
    ["a Power Platform Administrator", actor({ tenantRoles: ["power_platform_admin"] }), true],
    ["a Dynamics 365 Administrator", actor({ tenantRoles: ["dynamics365_admin"] }), true],
    ["a System Customizer", actor({ memberships: [membership(PROD, [holding("system_customizer")])] }), false],
    ["a Basic User", actor({ memberships: [membership(PROD, [holding("basic_user")])] }), false],
  ])("the audit log page: %s → %s", (_who, who, allowed) => {
    expect(decideViewAuditLog(who, now).allowed).toBe(allowed);
  });
});
