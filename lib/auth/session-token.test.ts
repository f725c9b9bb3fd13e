import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decode as authDecode } from "next-auth/jwt";
import { SESSION_TOKEN_RENEW_AFTER_MS } from "./session-rules";
import { sessionToken } from "./session-token";

const salt = "authjs.session-token";
const EIGHT_HOURS_S = 8 * 60 * 60;
const t0 = new Date("2026-12-02T10:00:00Z");
// Each test its own secret: the kept tokens are per process, and unit files share one.
let secret: string;

beforeEach(() => {
  secret = randomBytes(32).toString("base64url");
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(t0);
});
afterEach(() => vi.useRealTimers());

const later = (ms: number) => vi.setSystemTime(new Date(t0.getTime() + ms));
const signIn = (claims = { sub: "7", sid: "session-a" }, maxAge = EIGHT_HOURS_S) =>
  sessionToken.encode({ token: claims, secret, salt, maxAge });
/** What Auth.js does with the cookie on each auth(): decode, our jwt callback, encode again. */
async function renew(cookie: string) {
  const payload = await sessionToken.decode({ token: cookie, secret, salt });
  const { sub, sid, iat, exp, jti } = payload!;
  return sessionToken.encode({ token: { sub, sid, iat, exp, jti }, secret, salt, maxAge: EIGHT_HOURS_S });
}

describe("the session cookie's token", () => {
  it("is Auth.js's own token: Auth.js decodes what this codec issues", async () => {
    const cookie = await signIn();
    expect(await authDecode({ token: cookie, secret, salt })).toMatchObject({ sub: "7", sid: "session-a" });
    expect(await sessionToken.decode({ token: cookie, secret, salt })).toMatchObject({ sub: "7", sid: "session-a" });
  });

  it("goes back unchanged until it is due for renewal, then comes back with a later expiry", async () => {
    const cookie = await signIn();
    later(SESSION_TOKEN_RENEW_AFTER_MS - 1000);
    expect(await renew(cookie)).toBe(cookie);
    later(SESSION_TOKEN_RENEW_AFTER_MS);
    const renewed = await renew(cookie);
    expect(renewed).not.toBe(cookie);
    const before = await sessionToken.decode({ token: cookie, secret, salt });
    const after = await sessionToken.decode({ token: renewed, secret, salt });
    expect(after!.exp! - before!.exp!).toBe(SESSION_TOKEN_RENEW_AFTER_MS / 1000);
    expect(after!.sid).toBe("session-a");
  });

  it("is issued anew when its claims change (another sign-in)", async () => {
    const cookie = await signIn();
    const payload = await sessionToken.decode({ token: cookie, secret, salt });
    const other = await sessionToken.encode({ token: { ...payload, sid: "session-b" }, secret, salt });
    expect(other).not.toBe(cookie);
    expect(await sessionToken.decode({ token: other, secret, salt })).toMatchObject({ sid: "session-b" });
  });

  it("is refused once expired, though it was opened before", async () => {
    const cookie = await signIn(undefined, 60);
    expect(await sessionToken.decode({ token: cookie, secret, salt })).toMatchObject({ sid: "session-a" });
    later(60_000 + 14_000);
    expect(await sessionToken.decode({ token: cookie, secret, salt })).toMatchObject({ sid: "session-a" });
    later(60_000 + 16_000);
    await expect(sessionToken.decode({ token: cookie, secret, salt })).rejects.toThrow(/exp/);
  });

  it("opens only under the secret and salt it was made with, even once kept", async () => {
    const cookie = await signIn();
    await sessionToken.decode({ token: cookie, secret, salt });
    const otherSecret = randomBytes(32).toString("base64url");
    await expect(sessionToken.decode({ token: cookie, secret: otherSecret, salt })).rejects.toThrow();
    await expect(sessionToken.decode({ token: cookie, secret, salt: `__Secure-${salt}` })).rejects.toThrow();
    const { sub, sid, iat, exp, jti } = (await sessionToken.decode({ token: cookie, secret, salt }))!;
    const reissued = await sessionToken.encode({ token: { sub, sid, iat, exp, jti }, secret: otherSecret, salt });
    expect(reissued).not.toBe(cookie);
  });

  it("is refused when altered", async () => {
    const cookie = await signIn();
    await sessionToken.decode({ token: cookie, secret, salt });
    const parts = cookie.split(".");
    const tag = parts[4]!;
    parts[4] = tag.slice(0, -2) + (tag.endsWith("AA") ? "BB" : "AA");
    await expect(sessionToken.decode({ token: parts.join("."), secret, salt })).rejects.toThrow();
  });
});
