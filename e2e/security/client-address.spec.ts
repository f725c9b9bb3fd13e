import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, upn } from "../helpers";
import { auditEvents, postCredentials, signedInCookie } from "./raw-http";

// Issue 11, "Client address": the e2e server trusts 127.0.0.1 and ::1 as proxies
// (MAILGATE_TRUSTED_PROXIES). A socket from 127.0.0.2, another loopback address, is a client that
// is not a proxy, so both sides of the rule run end to end on the one server. Each case signs in
// with a wrong password for an account of its own and reads the recorded address back from the
// audit log. The resolution rules in full are unit-tested in lib/auth/origin.test.ts.

const CASES: { name: string; headers: Record<string, string>; localAddress?: string; recorded: string }[] = [
  {
    name: "a trusted proxy's X-Forwarded-For is believed",
    headers: { "x-forwarded-for": "198.51.100.23" },
    recorded: "198.51.100.23",
  },
  {
    name: "only the hop the proxy appended, not what the client wrote before it",
    headers: { "x-forwarded-for": "203.0.113.5, 198.51.100.24" },
    recorded: "198.51.100.24",
  },
  {
    name: "a client's own copy of the server's peer stamp is overwritten",
    headers: { "x-forwarded-for": "198.51.100.25", "x-mailgate-peer": "203.0.113.77" },
    recorded: "198.51.100.25",
  },
  {
    name: "from a client that is not a trusted proxy, X-Forwarded-For is ignored",
    headers: { "x-forwarded-for": "198.51.100.26" },
    localAddress: "127.0.0.2",
    recorded: "127.0.0.2",
  },
];

for (const [i, { name, headers, localAddress, recorded }] of CASES.entries()) {
  test(name, async ({ baseURL }) => {
    const email = `xff-${i}-${test.info().workerIndex}-${Date.now()}@nowhere.example`;
    const { response } = await postCredentials(baseURL!, email, "not-the-password", { headers, localAddress });
    expect(response.status).toBeLessThan(400);
    const cookie = await signedInCookie(baseURL!, upn("ava"), DEMO_PASSWORD);
    const events = await auditEvents(baseURL!, cookie, email);
    expect(events.map((e) => [e.action, e.clientIp])).toEqual([["SignInFailed", recorded]]);
  });
}
