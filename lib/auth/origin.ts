import { isIP } from "node:net";
import { serverEnv, type ServerEnv } from "@/lib/env";
import type { RequestOrigin } from "@/lib/services/audit/log";

/**
 * The client's address and agent as the audit log records them.
 *
 * Next passes a client-supplied X-Forwarded-For through untouched and gives app code no other way
 * to the socket, so scripts/server.mjs stamps the socket's peer into a header of its own (named in
 * MAILGATE_PEER_HEADER, overwriting any copy a client sent). Without that server (a bare `next
 * dev`/`next start`) no header can be told from a forgery, and the address is recorded as unknown.
 */
export function originFromHeaders(
  headers: Headers,
  env: Pick<ServerEnv, "MAILGATE_PEER_HEADER" | "MAILGATE_TRUSTED_PROXIES"> = serverEnv(),
): RequestOrigin {
  const peerHeader = env.MAILGATE_PEER_HEADER;
  const peer = peerHeader ? headers.get(peerHeader) : null;
  return {
    clientIp: resolveClientAddress(
      peer,
      headers.get("x-forwarded-for"),
      parseTrustedProxies(env.MAILGATE_TRUSTED_PROXIES),
    ),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** MAILGATE_TRUSTED_PROXIES: comma-separated addresses of the proxies in front of the portal. */
export function parseTrustedProxies(value: string | undefined): ReadonlySet<string> {
  const addresses = (value ?? "").split(",").map((a) => normalizeAddress(a.trim()));
  return new Set(addresses.filter((a): a is string => a !== null));
}

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then X-Forwarded-For
 * read from the right, skipping trusted proxies, up to the first hop no trusted proxy vouches for.
 * Anything left of that hop was written by the client and is never believed.
 */
export function resolveClientAddress(
  peer: string | null,
  forwardedFor: string | null,
  trusted: ReadonlySet<string>,
): string | null {
  const socket = peer === null ? null : normalizeAddress(peer);
  if (socket === null || !trusted.has(socket) || !forwardedFor) return socket;
  const hops = forwardedFor.split(",").map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]!);
    // A trusted proxy appends only real addresses: garbage here means a misconfigured proxy, so
    // the last address we can vouch for is the one recorded.
    if (hop === null) return i === hops.length - 1 ? socket : normalizeAddress(hops[i + 1]!);
    if (!trusted.has(hop)) return hop;
  }
  // Every hop is one of our proxies: the furthest of them is the client.
  return normalizeAddress(hops[0]!);
}

/**
 * A bare IPv4 or IPv6 address (IPv4-mapped IPv6 written as IPv4, the port some proxies append
 * dropped); null when it is not an address.
 */
function normalizeAddress(value: string): string | null {
  const address = value
    .toLowerCase()
    .replace(/^\[(.+)\](?::\d+)?$/, "$1")
    .replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1")
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(address) ? address : null;
}
