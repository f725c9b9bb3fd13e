import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import type { TenantRole } from "./catalog";
import type { Decision } from "./decision";
import { actor } from "./fixtures";
import {
  decideChangeTenantSettings,
  decideCreateDirectoryUser,
  decideEditExchangeFacts,
  decideManageTenantRoles,
  decideSetUserEnabled,
  type DirectoryUserFacts,
} from "./tenant-admin";

// The actor of fixtures.ts has id 1; the target below is somebody else unless a case says so.
const other: DirectoryUserFacts = { id: 2, isEnabled: true, tenantRoles: [] };
const otherGlobal: DirectoryUserFacts = { id: 2, isEnabled: true, tenantRoles: ["global_admin"] };

const PEOPLE: { who: string; roles: TenantRole[]; isGlobal: boolean; isExchange: boolean }[] = [
  { who: "a Global Administrator", roles: ["global_admin"], isGlobal: true, isExchange: false },
  { who: "an Exchange Administrator", roles: ["exchange_admin"], isGlobal: false, isExchange: true },
  { who: "a Power Platform Administrator", roles: ["power_platform_admin"], isGlobal: false, isExchange: false },
  { who: "a Dynamics 365 Administrator", roles: ["dynamics365_admin"], isGlobal: false, isExchange: false },
  { who: "someone with no tenant role", roles: [], isGlobal: false, isExchange: false },
];

type Action = { action: string; decide: (a: Actor) => Decision; globalOnly: boolean };
const ACTIONS: Action[] = [
  { action: "create a directory user", decide: (a) => decideCreateDirectoryUser(a), globalOnly: true },
  { action: "open Manage roles", decide: (a) => decideManageTenantRoles(a), globalOnly: true },
  {
    action: "give another user Exchange Administrator",
    decide: (a) => decideManageTenantRoles(a, { target: other, nextRoles: ["exchange_admin"], enabledGlobalAdmins: 1 }),
    globalOnly: true,
  },
  {
    action: "disable another user",
    decide: (a) => decideSetUserEnabled(a, { target: other, isEnabled: false, enabledGlobalAdmins: 1 }),
    globalOnly: true,
  },
  {
    action: "enable another user",
    decide: (a) =>
      decideSetUserEnabled(a, { target: { ...other, isEnabled: false }, isEnabled: true, enabledGlobalAdmins: 1 }),
    globalOnly: true,
  },
  { action: "edit Exchange facts", decide: (a) => decideEditExchangeFacts(a), globalOnly: false },
  { action: "set the maximum delegation length", decide: (a) => decideChangeTenantSettings(a), globalOnly: true },
];

const MATRIX = PEOPLE.flatMap((p) =>
  ACTIONS.map((a) => ({ ...p, ...a, allowed: a.globalOnly ? p.isGlobal : p.isGlobal || p.isExchange })),
);

describe("who may do what in the tenant admin area", () => {
  it.each(MATRIX)("$who: $action → allowed $allowed", ({ roles, decide, allowed, globalOnly }) => {
    const decision = decide(actor({ tenantRoles: roles }));
    expect(decision.allowed).toBe(allowed);
    if (!allowed) {
      expect(decision).toMatchObject({
        code: "0x80040220",
        reason: globalOnly ? "NOT_GLOBAL_ADMIN" : "NOT_EXCHANGE_ADMIN",
      });
      expect(decision.conditions.some((c) => !c.held)).toBe(true);
    }
  });

  it.each(ACTIONS)("a disabled Global Administrator may not $action", ({ decide }) => {
    expect(decide(actor({ tenantRoles: ["global_admin"], isEnabled: false })).allowed).toBe(false);
  });
});

describe("the tenant always keeps an enabled Global Administrator", () => {
  const ava = actor({ tenantRoles: ["global_admin"] });
  const self: DirectoryUserFacts = { id: 1, isEnabled: true, tenantRoles: ["global_admin"] };

  it("the last Global Administrator cannot remove their own role", () => {
    const decision = decideManageTenantRoles(ava, { target: self, nextRoles: [], enabledGlobalAdmins: 1 });
    expect(decision).toMatchObject({ allowed: false, code: "0x80040220", reason: "LAST_GLOBAL_ADMIN" });
    expect(decision.conditions.find((c) => c.id === "keeps-a-global-admin")?.held).toBe(false);
  });

  it("nor can another Global Administrator take it from the last enabled one", () => {
    expect(
      decideManageTenantRoles(ava, { target: otherGlobal, nextRoles: ["exchange_admin"], enabledGlobalAdmins: 1 })
        .reason,
    ).toBe("LAST_GLOBAL_ADMIN");
  });

  it("with a second enabled Global Administrator, the role can be removed, even from oneself", () => {
    expect(
      decideManageTenantRoles(ava, { target: self, nextRoles: ["exchange_admin"], enabledGlobalAdmins: 2 }).allowed,
    ).toBe(true);
  });

  it("keeping the role while changing others is fine for the last one", () => {
    expect(
      decideManageTenantRoles(ava, {
        target: self,
        nextRoles: ["global_admin", "exchange_admin"],
        enabledGlobalAdmins: 1,
      }).allowed,
    ).toBe(true);
  });

  it("a disabled Global Administrator does not count, so removing their role is fine", () => {
    const disabled = { ...otherGlobal, isEnabled: false };
    expect(decideManageTenantRoles(ava, { target: disabled, nextRoles: [], enabledGlobalAdmins: 1 }).allowed).toBe(
      true,
    );
  });

  it("disabling the last enabled Global Administrator is refused", () => {
    expect(decideSetUserEnabled(ava, { target: otherGlobal, isEnabled: false, enabledGlobalAdmins: 1 })).toMatchObject({
      allowed: false,
      reason: "LAST_GLOBAL_ADMIN",
    });
  });

  it("disabling one of two Global Administrators is allowed", () => {
    expect(decideSetUserEnabled(ava, { target: otherGlobal, isEnabled: false, enabledGlobalAdmins: 2 }).allowed).toBe(
      true,
    );
  });
});

describe("disabling oneself", () => {
  it("a Global Administrator cannot disable their own account, even with other Global Administrators", () => {
    const decision = decideSetUserEnabled(actor({ tenantRoles: ["global_admin"] }), {
      target: { id: 1, isEnabled: true, tenantRoles: ["global_admin"] },
      isEnabled: false,
      enabledGlobalAdmins: 5,
    });
    expect(decision).toMatchObject({ allowed: false, code: "0x80040220", reason: "SELF_DISABLE" });
  });
});
