import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { createGlobalAdmin } from "./bootstrap";
import { authenticate } from "./sign-in";

let db: Db;
let dispose: () => Promise<void>;
const PASSWORD = "a-long-password-1";
const t0 = new Date("2026-11-27T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const HERE = "203.0.113.9";
const attempt = (email: string, password: string, now = t0, clientIp = HERE) =>
  authenticate(db, { email, password, origin: { clientIp, userAgent: "test" }, now });
const events = (action?: string) =>
  db.$client
    .prepare("select action, reason, client_ip from audit_events where coalesce(@action, action) = action order by seq")
    .all({ action: action ?? null }) as { action: string; reason: string | null }[];
const INVALID = { ok: false, reason: "invalid" };
const throttledUntil = (retryAt: Date) => ({ ok: false, reason: "throttled", retryAt });
const fails = async (n: number, email = "ada@example.com", now = t0) => {
  for (let i = 0; i < n; i++) await attempt(email, `wrong-${i}`, now);
};

beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  const hash = await hashPassword(PASSWORD);
  await createGlobalAdmin(db, { email: "ada@example.com", name: "Ada", passwordHash: hash, now: t0 });
  await db.insert(directoryUsers).values({
    tenantId: 1,
    upn: "off@example.com",
    displayName: "Off",
    isEnabled: false,
    passwordHash: hash,
    createdAt: t0,
  });
});
afterEach(() => dispose());

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the email, starts a session and audits it", async () => {
    const result = await attempt(" ADA@example.com", PASSWORD);
    expect(result).toMatchObject({ ok: true, sessionId: expect.stringMatching(/^[\w-]{43}$/) });
    expect(events().at(-1)).toMatchObject({ action: "SignInSucceeded", client_ip: HERE });
    expect(db.$client.prepare("select count(*) n from sessions where revoked_at is null").get()).toEqual({ n: 1 });
  });

  it("answers every refusal alike and audits the real reason", async () => {
    expect(await attempt("ghost@example.com", PASSWORD)).toEqual(INVALID);
    expect(await attempt("ada@example.com", "wrong")).toEqual(INVALID);
    expect(await attempt("off@example.com", PASSWORD)).toEqual(INVALID);
    expect(await attempt("off@example.com", "wrong")).toEqual(INVALID);
    expect(events("SignInFailed").map((e) => e.reason)).toEqual([
      "UNKNOWN_ACCOUNT",
      "INVALID_CREDENTIALS",
      "USER_DISABLED",
      "INVALID_CREDENTIALS",
    ]);
    expect(db.$client.prepare("select count(*) n from sessions").get()).toEqual({ n: 0 });
  });

  it("a disabled account is throttled exactly like any other, so the wait reveals nothing either", async () => {
    await fails(5, "off@example.com");
    await fails(5, "ghost@example.com");
    expect(await attempt("off@example.com", PASSWORD, at(1))).toEqual(throttledUntil(at(30)));
    expect(await attempt("ghost@example.com", PASSWORD, at(1))).toEqual(throttledUntil(at(30)));
  });

  it("a user disabled while their password is being checked is refused", async () => {
    const pending = attempt("ada@example.com", PASSWORD);
    db.$client.prepare("update directory_users set is_enabled = 0 where upn = 'ada@example.com'").run();
    expect(await pending).toEqual(INVALID);
    expect(events().at(-1)).toMatchObject({ action: "SignInFailed", reason: "USER_DISABLED" });
  });
});

// A hundred password checks take a few seconds on a busy machine: those tests get a minute.
describe("the throttle, decided before the password is checked", () => {
  it("the fifth failure says when to try again; the right password meanwhile is refused unchecked", async () => {
    await fails(4);
    expect(await attempt("ada@example.com", "wrong")).toEqual(throttledUntil(at(30)));
    expect(await attempt("ada@example.com", PASSWORD, at(29))).toEqual(throttledUntil(at(30)));
    expect(events().at(-1)).toMatchObject({ action: "SignInThrottled", reason: "ACCOUNT_THROTTLED" });
    expect(await attempt("ada@example.com", PASSWORD, at(30))).toMatchObject({ ok: true });
  });

  it("50 concurrent wrong passwords: only 5 are checked, the rest are refused unchecked", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt("ada@example.com", `wrong-${i}`)));
    expect(events("SignInFailed")).toHaveLength(5);
    expect(events("SignInThrottled")).toHaveLength(45);
    expect(results.filter((r) => r.ok === false && r.reason === "throttled")).toHaveLength(46);
  });

  it("49 wrong and then the right password in one burst: still refused, and the failures stay", async () => {
    const burst = [...Array.from({ length: 49 }, (_, i) => `wrong-${i}`), PASSWORD].map((password) =>
      attempt("ada@example.com", password),
    );
    const results = await Promise.all(burst);
    expect(results.at(-1)).toEqual(throttledUntil(at(30)));
    expect(events("SignInSucceeded")).toHaveLength(0);
    expect(await attempt("ada@example.com", PASSWORD, at(10))).toEqual(throttledUntil(at(30)));
  });

  it("a success does not lift a wait that other attempts put in force while its password was checked", async () => {
    const right = await attempt("ada@example.com", PASSWORD);
    const wrongs = Array.from({ length: 5 }, (_, i) => attempt("ada@example.com", `wrong-${i}`));
    expect(await right).toMatchObject({ ok: true });
    await Promise.all(wrongs);
    expect(await attempt("ada@example.com", PASSWORD, at(10))).toEqual(throttledUntil(at(30)));
  });

  it("a success clears the account's earlier failures", async () => {
    await fails(4);
    expect(await attempt("ada@example.com", PASSWORD)).toMatchObject({ ok: true });
    await fails(4);
    expect(await attempt("ada@example.com", PASSWORD)).toMatchObject({ ok: true });
  });

  it("throttles unknown accounts too, so probing is slowed the same way", async () => {
    await fails(5, "ghost@example.com");
    expect(await attempt("ghost@example.com", "x", at(1))).toMatchObject({ reason: "throttled" });
  });

  it("one address failing on a hundred accounts waits, without locking the accounts' owners out elsewhere", async () => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(`nobody${i}@example.com`, "guess")));
    expect(await attempt("ada@example.com", PASSWORD, at(1))).toEqual(throttledUntil(at(30)));
    expect(events().at(-1)).toMatchObject({ action: "SignInThrottled", reason: "ADDRESS_THROTTLED" });
    expect(await attempt("ada@example.com", PASSWORD, at(1), "198.51.100.7")).toMatchObject({ ok: true });
  }, 60_000);

  it("a success from an address does not wipe that address's failures", async () => {
    await Promise.all(Array.from({ length: 99 }, (_, i) => attempt(`nobody${i}@example.com`, "guess")));
    expect(await attempt("ada@example.com", PASSWORD)).toMatchObject({ ok: true });
    expect(await attempt("nobody@example.com", "guess")).toEqual(throttledUntil(at(30)));
  }, 60_000);

  it("forgets throttle rows no rule reads any more", async () => {
    await fails(1, "ghost@example.com");
    await attempt("ada@example.com", PASSWORD, at(25 * 3600));
    expect(db.$client.prepare("select key from sign_in_throttle").all()).toEqual([]);
  });
});

describe("password sign-in with local sign-in off (MAILGATE_LOCAL_SIGNIN=off)", () => {
  const offAttempt = (email: string, password: string) =>
    authenticate(db, {
      email,
      password,
      origin: { clientIp: HERE, userAgent: "test" },
      isLocalSignInOn: false,
      now: t0,
    });

  it("refuses the right password of an account not marked break-glass, like any refusal, and audits why", async () => {
    expect(await offAttempt("ada@example.com", PASSWORD)).toEqual(INVALID);
    expect(events("SignInFailed").map((e) => e.reason)).toEqual(["LOCAL_SIGNIN_OFF"]);
  });

  it("signs in a break-glass Global Administrator", async () => {
    db.$client.prepare("update directory_users set is_break_glass = 1 where upn = 'ada@example.com'").run();
    expect(await offAttempt("ada@example.com", PASSWORD)).toMatchObject({ ok: true });
  });

  it("a break-glass mark on someone no longer Global Administrator opens nothing", async () => {
    db.$client.prepare("update directory_users set is_break_glass = 1 where upn = 'ada@example.com'").run();
    db.$client.prepare("delete from tenant_role_assignments").run();
    expect(await offAttempt("ada@example.com", PASSWORD)).toEqual(INVALID);
  });
});
