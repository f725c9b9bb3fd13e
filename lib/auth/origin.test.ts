import { describe, expect, it } from "vitest";
import { originFromHeaders, parseTrustedProxies, resolveClientAddress } from "./origin";

const proxies = parseTrustedProxies("10.0.0.1, 10.0.0.2,::1");

describe("resolveClientAddress", () => {
  it.each([
    // [case, socket peer, X-Forwarded-For, recorded]
    ["an untrusted peer is the client, whatever it forwards", "203.0.113.9", "198.51.100.7", "203.0.113.9"],
    ["an untrusted peer that claims to be our proxy", "203.0.113.9", "10.0.0.1", "203.0.113.9"],
    ["no header from an untrusted peer", "203.0.113.9", null, "203.0.113.9"],
    ["a trusted proxy vouches for the hop it appended", "10.0.0.1", "198.51.100.7", "198.51.100.7"],
    [
      "the client's own entries left of the appended hop are ignored",
      "10.0.0.1",
      "1.1.1.1, 2.2.2.2, 198.51.100.7",
      "198.51.100.7",
    ],
    ["trusted proxies in the chain are skipped", "10.0.0.1", "1.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7"],
    ["a chain of only trusted proxies: the furthest is the client", "10.0.0.1", "10.0.0.2, 10.0.0.1", "10.0.0.2"],
    ["a trusted proxy that forwards nothing is itself the client", "10.0.0.1", null, "10.0.0.1"],
    ["an empty header from a trusted proxy", "10.0.0.1", "", "10.0.0.1"],
    ["garbage where the proxy's hop should be: the proxy", "10.0.0.1", "198.51.100.7, not-an-ip", "10.0.0.1"],
    ["garbage past a trusted hop: that trusted hop", "10.0.0.1", "evil, 10.0.0.2", "10.0.0.2"],
    ["IPv4-mapped IPv6 peer, trusted as its IPv4 form", "::ffff:10.0.0.1", "198.51.100.7", "198.51.100.7"],
    ["IPv4-mapped IPv6 peer recorded as IPv4", "::ffff:203.0.113.9", null, "203.0.113.9"],
    ["IPv6 loopback proxy", "::1", "2001:db8::5", "2001:db8::5"],
    ["ports some proxies append are dropped", "10.0.0.1", "198.51.100.7:51234", "198.51.100.7"],
    ["bracketed IPv6 with a port", "10.0.0.1", "[2001:DB8::5]:443", "2001:db8::5"],
    ["no peer known (not served by scripts/server.mjs)", null, "198.51.100.7", null],
    ["a peer that is not an address", "unix-socket", "198.51.100.7", null],
  ])("%s", (_case, peer, forwardedFor, recorded) => {
    expect(resolveClientAddress(peer, forwardedFor, proxies)).toBe(recorded);
  });

  it("trusts no one when no proxies are configured", () => {
    expect(resolveClientAddress("127.0.0.1", "198.51.100.7", parseTrustedProxies(undefined))).toBe("127.0.0.1");
  });
});

describe("parseTrustedProxies", () => {
  it("keeps addresses and drops blanks and non-addresses", () => {
    expect([...parseTrustedProxies(" 127.0.0.1 ,, ::1, localhost, 10.0.0.0/8")]).toEqual(["127.0.0.1", "::1"]);
  });
});

describe("originFromHeaders", () => {
  const env = { MAILGATE_PEER_HEADER: "x-peer", MAILGATE_TRUSTED_PROXIES: "127.0.0.1" };

  it("reads the peer from the header the server names, and the agent", () => {
    const headers = new Headers({ "x-peer": "127.0.0.1", "x-forwarded-for": "198.51.100.7", "user-agent": "Agent/1" });
    expect(originFromHeaders(headers, env)).toEqual({ clientIp: "198.51.100.7", userAgent: "Agent/1" });
  });

  it("believes no header when no server stamps the peer", () => {
    const headers = new Headers({
      "x-peer": "127.0.0.1",
      "x-forwarded-for": "198.51.100.7",
      "x-real-ip": "198.51.100.8",
    });
    expect(originFromHeaders(headers, { MAILGATE_TRUSTED_PROXIES: "127.0.0.1" }).clientIp).toBeNull();
  });

  it("cuts a long user agent", () => {
    const headers = new Headers({ "user-agent": "a".repeat(600) });
    expect(originFromHeaders(headers, env).userAgent).toHaveLength(512);
  });
});
