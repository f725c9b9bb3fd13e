/**
 * The URL of a request to Auth.js's route as the browser addressed it. Next hands route handlers
 * a URL on its own listening address (http://localhost:<port>), while Auth.js's server-side
 * signIn() builds the provider's redirect_uri from the Host (or X-Forwarded-Host) header: the
 * callback must compute the same redirect_uri for the code exchange, or the provider refuses it
 * (invalid_grant). Same headers, same precedence as Auth.js's own createActionURL; AUTH_URL, when
 * set, wins in both (next-auth applies it itself).
 */
export function publicAuthUrl(url: string, headers: Headers, env: Record<string, string | undefined>): string {
  if (env.AUTH_URL ?? env.NEXTAUTH_URL) return url;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return url;
  const internal = new URL(url);
  const protocol = (headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || internal.protocol).replace(/:$/, "");
  if (protocol !== "http" && protocol !== "https") return url;
  return new URL(internal.pathname + internal.search, `${protocol}://${host}`).toString();
}
