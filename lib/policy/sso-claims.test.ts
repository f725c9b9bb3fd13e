import { describe, expect, it } from "vitest";
import { TENANT_ROLES, type TenantRole } from "./catalog";
import { diffTenantRoles, readSsoClaims, tenantRolesFromWids } from "./sso-claims";

const GLOBAL = TENANT_ROLES.global_admin.templateId;
const EXCHANGE = TENANT_ROLES.exchange_admin.templateId;
const POWER = TENANT_ROLES.power_platform_admin.templateId;
const DYNAMICS = TENANT_ROLES.dynamics365_admin.templateId;
// Entra puts the "User" role template in every member's token; it is no tenant role of ours.
const USER_TEMPLATE = "b79fbf4d-3ef9-4689-8143-76b194e85509";

describe("the wids claim → tenant roles (DOMAIN §2 template ids)", () => {
  const cases: { claim: string; wids: unknown; roles: TenantRole[] }[] = [
    { claim: "no claim", wids: undefined, roles: [] },
    { claim: "an empty list", wids: [], roles: [] },
    { claim: "only the User template", wids: [USER_TEMPLATE], roles: [] },
    { claim: "Exchange Administrator and User", wids: [USER_TEMPLATE, EXCHANGE], roles: ["exchange_admin"] },
    { claim: "Global Administrator", wids: [GLOBAL], roles: ["global_admin"] },
    { claim: "Power Platform Administrator", wids: [POWER], roles: ["power_platform_admin"] },
    { claim: "Dynamics 365 Administrator", wids: [DYNAMICS], roles: ["dynamics365_admin"] },
    {
      claim: "all four, out of order, one twice",
      wids: [DYNAMICS, EXCHANGE, GLOBAL, POWER, EXCHANGE],
      roles: ["global_admin", "exchange_admin", "power_platform_admin", "dynamics365_admin"],
    },
    { claim: "an id in upper case", wids: [EXCHANGE.toUpperCase()], roles: ["exchange_admin"] },
    { claim: "a single string, not a list", wids: EXCHANGE, roles: [] },
    { claim: "a list with non-strings", wids: [42, null, { id: GLOBAL }, EXCHANGE], roles: ["exchange_admin"] },
    { claim: "a role's name instead of its id", wids: ["Global Administrator"], roles: [] },
  ];
  for (const { claim, wids, roles } of cases)
    it(`${claim} → ${roles.join(", ") || "no tenant role"}`, () => expect(tenantRolesFromWids(wids)).toEqual(roles));
});

describe("what a sign-in changes in the tenant roles", () => {
  const cases: { before: TenantRole[]; after: TenantRole[]; added: TenantRole[]; removed: TenantRole[] }[] = [
    { before: [], after: [], added: [], removed: [] },
    { before: [], after: ["exchange_admin"], added: ["exchange_admin"], removed: [] },
    { before: ["exchange_admin"], after: [], added: [], removed: ["exchange_admin"] },
    { before: ["exchange_admin"], after: ["exchange_admin"], added: [], removed: [] },
    {
      before: ["global_admin", "exchange_admin"],
      after: ["exchange_admin", "power_platform_admin"],
      added: ["power_platform_admin"],
      removed: ["global_admin"],
    },
  ];
  for (const { before, after, added, removed } of cases)
    it(`[${before}] → [${after}]`, () => expect(diffTenantRoles(before, after)).toEqual({ added, removed }));
});

describe("reading an ID token's claims", () => {
  const entra = {
    iss: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
    tid: "72F988BF-86F1-41AF-91AB-2D7CD011DB47",
    oid: "00000000-0000-0000-66f3-3332eca7ea81",
    sub: "pairwise-subject",
    upn: "Evan@Contoso.com",
    preferred_username: "evan.alias@contoso.com",
    email: "evan.mail@contoso.com",
    name: "Evan Evans",
    wids: [EXCHANGE],
  };

  it("Entra ID: tenant and object from tid and oid (lower-case), the UPN from upn", () =>
    expect(readSsoClaims(entra, "microsoft-entra-id")).toEqual({
      tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      objectId: "00000000-0000-0000-66f3-3332eca7ea81",
      upn: "evan@contoso.com",
      email: "evan.mail@contoso.com",
      displayName: "Evan Evans",
      issuer: entra.iss,
      isGuest: false,
      tenantRoles: ["exchange_admin"],
    }));

  it("without a upn claim, preferred_username is the UPN", () =>
    expect(readSsoClaims({ ...entra, upn: undefined }, "microsoft-entra-id").upn).toBe("evan.alias@contoso.com"));

  it("the email claim never stands in for a UPN", () =>
    expect(readSsoClaims({ ...entra, upn: undefined, preferred_username: undefined }, "microsoft-entra-id").upn).toBe(
      null,
    ));

  it("a UPN that is no address is no UPN", () =>
    expect(readSsoClaims({ ...entra, upn: "evan", preferred_username: "+1 555 0100" }, "microsoft-entra-id").upn).toBe(
      null,
    ));

  it("a token without tid or oid names no directory object", () => {
    const claims = readSsoClaims({ ...entra, tid: undefined, oid: "" }, "microsoft-entra-id");
    expect([claims.tenantId, claims.objectId]).toEqual([null, null]);
  });

  it("a guest: the idp claim names another issuer", () =>
    expect(
      readSsoClaims({ ...entra, idp: "https://sts.windows.net/other-tenant/" }, "microsoft-entra-id").isGuest,
    ).toBe(true));

  it("a member's idp claim, when present, is the issuer itself", () =>
    expect(readSsoClaims({ ...entra, idp: entra.iss }, "microsoft-entra-id").isGuest).toBe(false));

  it("a generic OpenID provider: the issuer is the tenant and sub the object", () => {
    const claims = readSsoClaims(entra, "oidc");
    expect([claims.tenantId, claims.objectId]).toEqual([entra.iss, "pairwise-subject"]);
  });
});
