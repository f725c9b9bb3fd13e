/** A made-up origin to resolve against: only its own paths can come out with this origin. */
const PROBE = new URL("http://callback.invalid");

/**
 * The same-origin path a browser would go to for `raw`, or null. The value goes through the WHATWG
 * URL parser (which, like the browser, drops tabs and newlines and reads "\" as "/"), must keep
 * the probe origin, and comes back normalized and percent-encoded, so CR, LF, NUL or non-ASCII can
 * never reach a Location header.
 */
export function sameOriginPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw, PROBE);
  } catch {
    return null;
  }
  if (url.origin !== PROBE.origin || url.username || url.password) return null;
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example" normalizes to "//evil.example", which a browser reads as another host.
  return path.startsWith("/") && !path.startsWith("//") ? path : null;
}

/** The page to return to after signing in: a same-origin path other than sign-in itself or the API, else "/". */
export function safeCallbackUrl(raw: unknown): string {
  const path = sameOriginPath(raw);
  if (!path) return "/";
  const { pathname } = new URL(path, PROBE);
  if (pathname === "/sign-in" || pathname.startsWith("/sign-in/") || pathname.startsWith("/api/")) return "/";
  return path;
}

/**
 * Auth.js's redirect callback (after sign-in and sign-out): one of our own paths, as a relative
 * Location, so the browser stays on the origin it actually used.
 */
export function safeRedirect(url: string, baseUrl: string): string {
  const local = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
  return sameOriginPath(local) ?? "/";
}
