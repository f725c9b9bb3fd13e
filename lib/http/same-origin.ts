/**
 * Cross-site request forgery, refused at the door: a request that can change something must say,
 * in its Origin header, that it comes from a page of ours. Browsers send Origin on every such
 * request; a form posted from another site, a sandboxed frame or a file says so (or says `null`).
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Our own origin: MAILGATE_ORIGIN when set (behind a proxy that does not forward the public host
 * and scheme), else the scheme and host this request arrived with. Null when that is not an origin.
 */
export function ownOrigin(configured: string | undefined, protocol: string, host: string | null): string | null {
  if (configured) return parseOrigin(configured);
  // A host, an optional port, nothing else: no path, credentials or query riding along.
  return host && /^[a-z0-9.\-:[\]]+$/i.test(host) ? parseOrigin(`${protocol}//${host}`) : null;
}

/** Safe methods pass; any other needs an Origin header that is exactly our origin. */
export function isAllowedOrigin(method: string, origin: string | null, own: string | null): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (!origin || !own) return false;
  // A browser sends the serialized origin and nothing else; anything else was written by hand.
  return parseOrigin(origin) === origin && origin === own;
}

/** `scheme://host[:port]` of an http(s) URL, in the form browsers serialize it; null otherwise. */
export function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}
