import { describe, expect, it } from "vitest";
import { decideSetBreakGlass, mayUsePassword, shouldWarnNoBreakGlass, type BreakGlassTarget } from "./break-glass";
import type { TenantRole } from "./catalog";
import { actor } from "./fixtures";

describe("who may use the password form", () => {
  const cases: {
    account: string;
    isLocalSignInOn: boolean;
    isBreakGlass: boolean;
    tenantRoles: TenantRole[];
    isEnabled?: boolean;
    may: boolean;
  }[] = [
    { account: "anyone, local sign-in on", isLocalSignInOn: true, isBreakGlass: false, tenantRoles: [], may: true },
    {
      account: "a Global Administrator, local sign-in off",
      isLocalSignInOn: false,
      isBreakGlass: false,
      tenantRoles: ["global_admin"],
      may: false,
    },
    {
      account: "a break-glass Global Administrator, local sign-in off",
      isLocalSignInOn: false,
      isBreakGlass: true,
      tenantRoles: ["global_admin"],
      may: true,
    },
    {
      account: "a break-glass mark on someone no longer Global Administrator",
      isLocalSignInOn: false,
      isBreakGlass: true,
      tenantRoles: ["exchange_admin"],
      may: false,
    },
    {
      account: "a disabled break-glass Global Administrator",
      isLocalSignInOn: false,
      isBreakGlass: true,
      tenantRoles: ["global_admin"],
      isEnabled: false,
      may: false,
    },
    {
      account: "a basic user, local sign-in off",
      isLocalSignInOn: false,
      isBreakGlass: false,
      tenantRoles: [],
      may: false,
    },
  ];
  for (const { account, isLocalSignInOn, may, isEnabled = true, ...rest } of cases)
    it(`${account}: ${may ? "may" : "may not"}`, () =>
      expect(mayUsePassword(isLocalSignInOn, { ...rest, isEnabled })).toBe(may));
});

describe("marking an account break-glass", () => {
  const globalTarget: BreakGlassTarget = {
    isEnabled: true,
    isBreakGlass: false,
    tenantRoles: ["global_admin"],
    hasPassword: true,
  };
  const cases: {
    who: string;
    roles: TenantRole[];
    target: BreakGlassTarget;
    isBreakGlass: boolean;
    reason: string | null;
  }[] = [
    {
      who: "a Global Administrator marks a Global Administrator",
      roles: ["global_admin"],
      target: globalTarget,
      isBreakGlass: true,
      reason: null,
    },
    {
      who: "a Global Administrator clears the mark",
      roles: ["global_admin"],
      target: { ...globalTarget, isBreakGlass: true },
      isBreakGlass: false,
      reason: null,
    },
    {
      who: "an Exchange Administrator marks a Global Administrator",
      roles: ["exchange_admin"],
      target: globalTarget,
      isBreakGlass: true,
      reason: "NOT_GLOBAL_ADMIN",
    },
    {
      who: "an Exchange Administrator clears the mark",
      roles: ["exchange_admin"],
      target: { ...globalTarget, isBreakGlass: true },
      isBreakGlass: false,
      reason: "NOT_GLOBAL_ADMIN",
    },
    {
      who: "a Global Administrator marks an Exchange Administrator",
      roles: ["global_admin"],
      target: { ...globalTarget, tenantRoles: ["exchange_admin"] },
      isBreakGlass: true,
      reason: "NOT_GLOBAL_ADMIN_ACCOUNT",
    },
    {
      who: "a Global Administrator marks an SSO-only Global Administrator",
      roles: ["global_admin"],
      target: { ...globalTarget, hasPassword: false },
      isBreakGlass: true,
      reason: "NO_PASSWORD",
    },
  ];
  for (const { who, roles, target, isBreakGlass, reason } of cases)
    it(`${who}: ${reason ?? "allowed"}`, () => {
      const decision = decideSetBreakGlass(actor({ tenantRoles: roles }), { target, isBreakGlass });
      expect([decision.allowed, decision.reason]).toEqual([reason === null, reason]);
      if (reason) expect(decision.code).toBe("0x80040220");
    });

  it("the page's command is a Global Administrator's only", () => {
    expect(decideSetBreakGlass(actor({ tenantRoles: ["global_admin"] })).allowed).toBe(true);
    expect(decideSetBreakGlass(actor({ tenantRoles: ["power_platform_admin"] })).allowed).toBe(false);
  });
});

describe("the home page's warning that no break-glass account exists", () => {
  const cases: { when: string; roles: TenantRole[]; isSsoOn: boolean; usableBreakGlass: number; warns: boolean }[] = [
    {
      when: "single sign-on on, none, a Global Administrator",
      roles: ["global_admin"],
      isSsoOn: true,
      usableBreakGlass: 0,
      warns: true,
    },
    {
      when: "single sign-on on, one exists",
      roles: ["global_admin"],
      isSsoOn: true,
      usableBreakGlass: 1,
      warns: false,
    },
    { when: "single sign-on off", roles: ["global_admin"], isSsoOn: false, usableBreakGlass: 0, warns: false },
    {
      when: "an Exchange Administrator, who cannot fix it",
      roles: ["exchange_admin"],
      isSsoOn: true,
      usableBreakGlass: 0,
      warns: false,
    },
  ];
  for (const { when, roles, warns, ...facts } of cases)
    it(`${when}: ${warns ? "warns" : "no warning"}`, () =>
      expect(shouldWarnNoBreakGlass(actor({ tenantRoles: roles }), facts)).toBe(warns));
});
