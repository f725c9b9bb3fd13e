import { headers } from "next/headers";
import { ownOrigin } from "@/lib/http/same-origin";
import type { SsoConfig } from "./sso-config";

/**
 * RP-initiated logout (MAILGATE_OIDC_LOGOUT=on): where to send someone who signed in with single
 * sign-on after the portal session has ended, so they are signed out at the provider too, and
 * come back to the sign-in page. Null when the provider has no logout endpoint or cannot be
 * reached: the portal session is over either way.
 */
export async function providerLogoutUrl(config: SsoConfig): Promise<string | null> {
  const own = await ownOriginOfRequest();
  if (!own) return null;
  try {
    const response = await fetch(`${config.issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    const { end_session_endpoint: endpoint } = (await response.json()) as { end_session_endpoint?: unknown };
    if (!response.ok || typeof endpoint !== "string") return null;
    const url = new URL(endpoint);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    url.searchParams.set("client_id", config.clientId);
    url.searchParams.set("post_logout_redirect_uri", `${own}/sign-in`);
    return url.toString();
  } catch (error) {
    console.error("Provider logout skipped: its discovery document could not be read.", error);
    return null;
  }
}

async function ownOriginOfRequest(): Promise<string | null> {
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host");
  const protocol = h.get("x-forwarded-proto") === "https" ? "https:" : "http:";
  return ownOrigin(process.env.MAILGATE_ORIGIN, protocol, host);
}
