import { describe, expect, it } from "vitest";
import { isLocalSignInOn, readSsoSettings } from "./sso-config";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const BASE = { MAILGATE_OIDC_CLIENT_ID: "client", MAILGATE_OIDC_CLIENT_SECRET: "secret" };

describe("single sign-on settings", () => {
  it("none set: off, and nothing to complain about", () =>
    expect(readSsoSettings({})).toEqual({ config: null, problems: [] }));

  it("Entra ID with the tenant in the issuer", () =>
    expect(
      readSsoSettings({ ...BASE, MAILGATE_OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0/` }),
    ).toEqual({
      config: {
        kind: "microsoft-entra-id",
        issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        clientId: "client",
        clientSecret: "secret",
        trust: { tenantId: TENANT, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` },
        isLogoutOn: false,
      },
      problems: [],
    }));

  it("Entra ID's organizations endpoint with MAILGATE_OIDC_TENANT_ID: the tenant's own issuer is trusted", () =>
    expect(
      readSsoSettings({
        ...BASE,
        MAILGATE_OIDC_ISSUER: "https://login.microsoftonline.com/organizations/v2.0",
        MAILGATE_OIDC_TENANT_ID: TENANT.toUpperCase(),
        MAILGATE_OIDC_LOGOUT: "on",
      }).config,
    ).toMatchObject({
      trust: { tenantId: TENANT, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` },
      isLogoutOn: true,
    }));

  it("an issuer that names no tenant needs MAILGATE_OIDC_TENANT_ID", () =>
    expect(
      readSsoSettings({ ...BASE, MAILGATE_OIDC_ISSUER: "https://login.microsoftonline.com/organizations/v2.0" }),
    ).toEqual({
      config: null,
      problems: ["Set MAILGATE_OIDC_TENANT_ID: the issuer does not name the tenant whose users may sign in."],
    }));

  it("a tenant id that contradicts the issuer is refused", () =>
    expect(
      readSsoSettings({
        ...BASE,
        MAILGATE_OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        MAILGATE_OIDC_TENANT_ID: "11111111-1111-1111-1111-111111111111",
      }).problems,
    ).toEqual(["MAILGATE_OIDC_TENANT_ID names another tenant than MAILGATE_OIDC_ISSUER."]));

  it("half a configuration says what is missing", () =>
    expect(readSsoSettings({ MAILGATE_OIDC_ISSUER: "https://idp.example" }).problems).toEqual([
      "MAILGATE_OIDC_CLIENT_ID is not set.",
      "MAILGATE_OIDC_CLIENT_SECRET is not set.",
      "Set MAILGATE_OIDC_TENANT_ID: the issuer does not name the tenant whose users may sign in.",
    ]));

  it("a generic OpenID provider: its issuer is the tenant", () =>
    expect(
      readSsoSettings({ ...BASE, MAILGATE_OIDC_ISSUER: "https://idp.example/realms/x", MAILGATE_OIDC_PROVIDER: "oidc" })
        .config,
    ).toMatchObject({
      kind: "oidc",
      trust: { tenantId: "https://idp.example/realms/x", issuer: "https://idp.example/realms/x" },
    }));

  it("an unknown provider or a bad issuer is refused", () =>
    expect(
      readSsoSettings({
        ...BASE,
        MAILGATE_OIDC_ISSUER: "ftp://x",
        MAILGATE_OIDC_PROVIDER: "saml",
        MAILGATE_OIDC_TENANT_ID: TENANT,
      }).problems,
    ).toEqual([
      "MAILGATE_OIDC_ISSUER must be an http(s) URL.",
      "MAILGATE_OIDC_PROVIDER must be microsoft-entra-id or oidc.",
    ]));
});

describe("MAILGATE_LOCAL_SIGNIN", () => {
  const cases: [string | undefined, boolean][] = [
    [undefined, true],
    ["on", true],
    ["off", false],
    ["OFF", false],
    [" off ", false],
    ["no", true],
  ];
  for (const [value, on] of cases)
    it(`${JSON.stringify(value)} → local sign-in ${on ? "on" : "off"}`, () =>
      expect(isLocalSignInOn({ MAILGATE_LOCAL_SIGNIN: value })).toBe(on));
});
