import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { createGlobalAdmin } from "./bootstrap";
import { authenticate } from "./sign-in";

let db: Db;
let dispose: () => void;
const PASSWORD = "a-long-password-1";
const t0 = new Date("2026-11-27T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const attempt = (email: string, password: string, now: Date) => authenticate(db, { email, password, origin: { clientIp: "203.0.113.9", userAgent: "test" }, now });
const actions = () => (db.$client.prepare("select action, reason, client_ip from audit_events order by seq").all() as { action: string; reason: string | null }[]);

beforeEach(async () => {
  ({ db, dispose } = createTestDb());
  const hash = await hashPassword(PASSWORD);
  createGlobalAdmin(db, { email: "ada@example.com", name: "Ada", passwordHash: hash, now: t0 });
  db.insert(directoryUsers).values({ tenantId: 1, upn: "off@example.com", displayName: "Off", isEnabled: false, passwordHash: hash, createdAt: t0 }).run();
});
afterEach(() => dispose());

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the email, and audits it", async () => {
    expect(await attempt(" ADA@example.com", PASSWORD, at(0))).toMatchObject({ ok: true });
    expect(actions().at(-1)).toMatchObject({ action: "SignInSucceeded", client_ip: "203.0.113.9" });
  });

  it("answers an unknown account exactly like a wrong password", async () => {
    expect(await attempt("ghost@example.com", PASSWORD, at(0))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("ada@example.com", "wrong", at(0))).toEqual({ ok: false, reason: "invalid" });
    expect(actions().slice(-2).map((a) => a.action)).toEqual(["SignInFailed", "SignInFailed"]);
  });

  it("refuses a disabled user even with the right password", async () => {
    expect(await attempt("off@example.com", PASSWORD, at(0))).toEqual({ ok: false, reason: "disabled" });
    expect(actions().at(-1)).toMatchObject({ action: "SignInFailed", reason: "USER_DISABLED" });
  });

  it("locks an account after 5 failures in 15 minutes, even against the right password, and keeps the lock in the database", async () => {
    for (let i = 0; i < 4; i++) expect(await attempt("ada@example.com", "wrong", at(i))).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("ada@example.com", "wrong", at(4))).toEqual({ ok: false, reason: "throttled", retryAt: at(19) });
    expect(await attempt("ada@example.com", PASSWORD, at(5))).toEqual({ ok: false, reason: "throttled", retryAt: at(19) });
    expect(actions().at(-1)).toMatchObject({ action: "SignInThrottled" });
    const row = db.$client.prepare("select failure_count, locked_until from sign_in_throttle where account_key = 'ada@example.com'").get();
    expect(row).toEqual({ failure_count: 5, locked_until: at(19).getTime() });
    expect(await attempt("ada@example.com", PASSWORD, at(19))).toMatchObject({ ok: true });
  });

  it("a successful sign-in clears earlier failures", async () => {
    for (let i = 0; i < 4; i++) await attempt("ada@example.com", "wrong", at(i));
    await attempt("ada@example.com", PASSWORD, at(5));
    expect(await attempt("ada@example.com", "wrong", at(6))).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles unknown accounts too, so probing is slowed the same way", async () => {
    for (let i = 0; i < 5; i++) await attempt("ghost@example.com", "x", at(i));
    expect(await attempt("ghost@example.com", "x", at(6))).toMatchObject({ reason: "throttled" });
  });
});
