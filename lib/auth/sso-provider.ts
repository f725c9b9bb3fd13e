import type { Provider } from "next-auth/providers";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import type { SsoConfig } from "./sso-config";

/** Auth.js's provider id, also the last segment of the redirect URI: <origin>/api/auth/callback/<id>. */
export const ssoProviderId = (config: SsoConfig) => config.kind;

/**
 * The single sign-on provider: Auth.js's own Microsoft Entra ID provider, or a generic OpenID
 * Connect one. State, nonce and PKCE are all checked (Auth.js checks only PKCE by default). Only
 * openid, profile and email are asked for: no API permission, and no call to Microsoft Graph (the
 * Entra provider's default profile fetches a photo from Graph with the access token).
 */
export function ssoProvider(config: SsoConfig): Provider {
  const common = {
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
    authorization: { params: { scope: "openid profile email" } },
    // Only an id for Auth.js's own bookkeeping: who signs in is decided from all the claims in
    // the signIn callback (lib/services/identity/sso-sign-in.ts).
    profile: (claims: { oid?: unknown; sub?: unknown }) => ({ id: String(claims.oid ?? claims.sub ?? "") }),
  };
  if (config.kind === "microsoft-entra-id") return MicrosoftEntraID(common);
  return { id: "oidc", name: "single sign-on", type: "oidc", ...common };
}
