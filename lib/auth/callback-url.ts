/** A made-up origin to resolve against: only its own paths can come out with this origin. */
const PROBE = new URL("http://callback.invalid");

/**
 * The page to return to after signing in, or "/". Accepts only what a browser would resolve to a
 * path on our own origin: the value goes through the WHATWG URL parser (which, like the browser,
 * drops tabs and newlines and reads "\" as "/"), must keep the probe origin, and comes back
 * normalized and percent-encoded, so CR, LF, NUL or non-ASCII can never reach a Location header.
 */
export function safeCallbackUrl(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(raw, PROBE);
  } catch {
    return "/";
  }
  if (url.origin !== PROBE.origin || url.username || url.password) return "/";
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example" normalizes to "//evil.example", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return "/";
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname.startsWith("/api/")) return "/";
  return path;
}

/** Auth.js's redirect callback: wherever it was asked to go, it goes to one of our own paths. */
export function safeRedirect(url: string, baseUrl: string): string {
  const local = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url;
  return `${baseUrl}${safeCallbackUrl(local)}`;
}
