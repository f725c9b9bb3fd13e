import { hash } from "@node-rs/argon2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { demoLookups } from "../testing/demo-lookups";
import { createGlobalAdmin } from "./bootstrap";
import { authenticate } from "./sign-in";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run } = demoLookups(() => db);
const PASSWORD = "a-long-password-1";
const t0 = new Date("2026-11-27T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const HERE = "203.0.113.9";
const attempt = (email: string, password: string, now = t0, clientIp = HERE) =>
  authenticate(db, { email, password, origin: { clientIp, userAgent: "test" }, now });
const events = (action?: string) =>
  all<{ action: string; reason: string | null }>(
    "select action, reason, client_ip from audit_events where coalesce(?, action) = action order by seq",
    action ?? null,
  );
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
    expect((await events()).at(-1)).toMatchObject({ action: "SignInSucceeded", client_ip: HERE });
    expect(await one("select count(*) n from sessions where revoked_at is null")).toEqual({ n: 1 });
  });

  it("answers every refusal alike and audits the real reason", async () => {
    expect(await attempt("ghost@example.com", PASSWORD)).toEqual(INVALID);
    expect(await attempt("ada@example.com", "wrong")).toEqual(INVALID);
    expect(await attempt("off@example.com", PASSWORD)).toEqual(INVALID);
    expect(await attempt("off@example.com", "wrong")).toEqual(INVALID);
    expect((await events("SignInFailed")).map((e) => e.reason)).toEqual([
      "UNKNOWN_ACCOUNT",
      "INVALID_CREDENTIALS",
      "USER_DISABLED",
      "INVALID_CREDENTIALS",
    ]);
    expect(await one("select count(*) n from sessions")).toEqual({ n: 0 });
  });

  it("a disabled account is throttled exactly like any other, so the wait reveals nothing either", async () => {
    await fails(5, "off@example.com");
    await fails(5, "ghost@example.com");
    expect(await attempt("off@example.com", PASSWORD, at(1))).toEqual(throttledUntil(at(30)));
    expect(await attempt("ghost@example.com", PASSWORD, at(1))).toEqual(throttledUntil(at(30)));
  });

  it("a user disabled while their password is being checked is refused", async () => {
    // Ada's password takes long to check (~0.1 s of argon2 instead of ~15 ms), and the connections
    // the test uses are open before she tries (PostgreSQL's pool opens them on demand), so the
    // test's own statements fall in that check on either dialect.
    await run(
      "update directory_users set password_hash = ? where upn = 'ada@example.com'",
      await hash(PASSWORD, { timeCost: 40 }),
    );
    await Promise.all([all("select 1"), all("select 1")]);
    const pending = attempt("ada@example.com", PASSWORD);
    // Once the attempt's first transaction has counted it (committed), its password is being checked.
    await vi.waitFor(async () => expect(await all("select key from sign_in_throttle")).not.toEqual([]), {
      interval: 1,
    });
    await run("update directory_users set is_enabled = ? where upn = 'ada@example.com'", flag(false));
    expect(await pending).toEqual(INVALID);
    expect((await events()).at(-1)).toMatchObject({ action: "SignInFailed", reason: "USER_DISABLED" });
  });
});

// A hundred password checks take a few seconds on a busy machine: those tests get a minute.
describe("the throttle, decided before the password is checked", () => {
  it("the fifth failure says when to try again; the right password meanwhile is refused unchecked", async () => {
    await fails(4);
    expect(await attempt("ada@example.com", "wrong")).toEqual(throttledUntil(at(30)));
    expect(await attempt("ada@example.com", PASSWORD, at(29))).toEqual(throttledUntil(at(30)));
    expect((await events()).at(-1)).toMatchObject({ action: "SignInThrottled", reason: "ACCOUNT_THROTTLED" });
    expect(await attempt("ada@example.com", PASSWORD, at(30))).toMatchObject({ ok: true });
  });

  it("50 concurrent wrong passwords: only 5 are checked, the rest are refused unchecked", async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt("ada@example.com", `wrong-${i}`)));
    expect(await events("SignInFailed")).toHaveLength(5);
    expect(await events("SignInThrottled")).toHaveLength(45);
    expect(results.filter((r) => r.ok === false && r.reason === "throttled")).toHaveLength(46);
  });

  it("49 wrong and then the right password in one burst: still refused, and the failures stay", async () => {
    const burst = [...Array.from({ length: 49 }, (_, i) => `wrong-${i}`), PASSWORD].map((password) =>
      attempt("ada@example.com", password),
    );
    const results = await Promise.all(burst);
    expect(results.at(-1)).toEqual(throttledUntil(at(30)));
    expect(await events("SignInSucceeded")).toHaveLength(0);
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
    expect((await events()).at(-1)).toMatchObject({ action: "SignInThrottled", reason: "ADDRESS_THROTTLED" });
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
    expect(await all("select key from sign_in_throttle")).toEqual([]);
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
    expect((await events("SignInFailed")).map((e) => e.reason)).toEqual(["LOCAL_SIGNIN_OFF"]);
  });

  it("signs in a break-glass Global Administrator", async () => {
    await run("update directory_users set is_break_glass = ? where upn = 'ada@example.com'", flag(true));
    expect(await offAttempt("ada@example.com", PASSWORD)).toMatchObject({ ok: true });
  });

  it("a break-glass mark on someone no longer Global Administrator opens nothing", async () => {
    await run("update directory_users set is_break_glass = ? where upn = 'ada@example.com'", flag(true));
    await run("delete from tenant_role_assignments");
    expect(await offAttempt("ada@example.com", PASSWORD)).toEqual(INVALID);
  });
});
