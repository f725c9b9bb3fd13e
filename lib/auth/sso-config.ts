import type { SsoTrust } from "@/lib/policy/sso-accounts";
import type { SsoKind } from "@/lib/policy/sso-claims";

/**
 * Single sign-on settings, read from the environment:
 *   MAILGATE_OIDC_ISSUER         e.g. https://login.microsoftonline.com/<tenant id>/v2.0
 *   MAILGATE_OIDC_CLIENT_ID      the app registration's Application (client) ID
 *   MAILGATE_OIDC_CLIENT_SECRET  a client secret of that registration
 *   MAILGATE_OIDC_TENANT_ID      optional: the tenant whose tokens are accepted, when the issuer does not name it
 *   MAILGATE_OIDC_PROVIDER       optional: microsoft-entra-id (default), or oidc for another OpenID provider
 *   MAILGATE_OIDC_LOGOUT=on      optional: signing out also signs out at the provider
 * All three of issuer, client id and secret, or none: with none the portal has passwords only.
 */
export type SsoConfig = {
  kind: SsoKind;
  issuer: string;
  clientId: string;
  clientSecret: string;
  trust: SsoTrust;
  isLogoutOn: boolean;
};

export type SsoSettings = { config: SsoConfig | null; problems: string[] };

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Entra's multi-tenant endpoints: their tokens carry the signing-in user's tenant in the issuer.
const ENTRA_MULTI_TENANT = /^(https:\/\/login\.microsoftonline\.com\/)(common|organizations|consumers)(\/v2\.0)$/;

export function readSsoSettings(env: Env): SsoSettings {
  const issuer = env.MAILGATE_OIDC_ISSUER?.trim().replace(/\/+$/, "") || "";
  const clientId = env.MAILGATE_OIDC_CLIENT_ID?.trim() || "";
  const clientSecret = env.MAILGATE_OIDC_CLIENT_SECRET || "";
  if (!issuer && !clientId && !clientSecret) return { config: null, problems: [] };

  const problems: string[] = [];
  if (!issuer) problems.push("MAILGATE_OIDC_ISSUER is not set.");
  else if (!isHttpUrl(issuer)) problems.push("MAILGATE_OIDC_ISSUER must be an http(s) URL.");
  if (!clientId) problems.push("MAILGATE_OIDC_CLIENT_ID is not set.");
  if (!clientSecret) problems.push("MAILGATE_OIDC_CLIENT_SECRET is not set.");
  const kindValue = env.MAILGATE_OIDC_PROVIDER?.trim() || "microsoft-entra-id";
  if (kindValue !== "microsoft-entra-id" && kindValue !== "oidc")
    problems.push("MAILGATE_OIDC_PROVIDER must be microsoft-entra-id or oidc.");
  const kind: SsoKind = kindValue === "oidc" ? "oidc" : "microsoft-entra-id";

  const trust = kind === "oidc" ? { tenantId: issuer, issuer } : entraTrust(issuer, env, problems);
  if (problems.length > 0 || !trust) return { config: null, problems };
  return {
    config: { kind, issuer, clientId, clientSecret, trust, isLogoutOn: env.MAILGATE_OIDC_LOGOUT === "on" },
    problems,
  };
}

/**
 * The tenant an Entra ID configuration accepts: MAILGATE_OIDC_TENANT_ID, else the tenant id in the
 * issuer's path. Its members' tokens carry the tenant's own issuer, even when the configured one
 * is the multi-tenant "organizations" endpoint.
 */
function entraTrust(issuer: string, env: Env, problems: string[]): SsoTrust | null {
  const configured = env.MAILGATE_OIDC_TENANT_ID?.trim().toLowerCase() || null;
  const inIssuer =
    safeUrl(issuer)
      ?.pathname.split("/")
      .find((segment) => GUID.test(segment)) ?? null;
  if (configured && !GUID.test(configured)) problems.push("MAILGATE_OIDC_TENANT_ID must be a tenant id (a GUID).");
  if (configured && inIssuer && configured !== inIssuer.toLowerCase())
    problems.push("MAILGATE_OIDC_TENANT_ID names another tenant than MAILGATE_OIDC_ISSUER.");
  const tenantId = configured ?? inIssuer?.toLowerCase() ?? null;
  if (!tenantId) {
    problems.push("Set MAILGATE_OIDC_TENANT_ID: the issuer does not name the tenant whose users may sign in.");
    return null;
  }
  return { tenantId, issuer: issuer.replace(ENTRA_MULTI_TENANT, `$1${tenantId}$3`) };
}

/** MAILGATE_LOCAL_SIGNIN=off: passwords only for break-glass accounts. Anything else leaves them on. */
export function isLocalSignInOn(env: Env): boolean {
  return env.MAILGATE_LOCAL_SIGNIN?.trim().toLowerCase() !== "off";
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function isHttpUrl(value: string): boolean {
  const url = safeUrl(value);
  return url !== null && (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash;
}

const memo = globalThis as unknown as { mailgateSso?: SsoSettings };

/** This process's settings, read once; problems are logged once so a misconfiguration is seen at start. */
export function ssoSettings(): SsoSettings {
  if (!memo.mailgateSso) {
    memo.mailgateSso = readSsoSettings(process.env);
    for (const problem of memo.mailgateSso.problems) console.error(`Single sign-on is off: ${problem}`);
  }
  return memo.mailgateSso;
}
