import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import type { SsoTrust } from "@/lib/policy/sso-accounts";
import type { SsoClaims } from "@/lib/policy/sso-claims";
import type { TenantRole } from "@/lib/policy/catalog";
import { demoLookups } from "../testing/demo-lookups";
import { createGlobalAdmin } from "./bootstrap";
import { signInWithSso } from "./sso-sign-in";

const TENANT = "11111111-1111-1111-1111-111111111111";
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const trust: SsoTrust = { tenantId: TENANT, issuer: ISSUER };
const t0 = new Date("2026-11-27T10:00:00Z");
const origin = { clientIp: "203.0.113.9", userAgent: "test" };

let db: Db;
let dispose: () => Promise<void>;
const { all, run } = demoLookups(() => db);

const token = (extra: Partial<SsoClaims> = {}): SsoClaims => ({
  tenantId: TENANT,
  objectId: "oid-erin",
  upn: "erin@example.com",
  email: "erin@example.com",
  displayName: "Erin Exchange",
  issuer: ISSUER,
  isGuest: false,
  tenantRoles: ["exchange_admin"],
  ...extra,
});
const signIn = (claims: SsoClaims, now = t0) => signInWithSso(db, { claims, trust, origin, now });
const events = (action: string) =>
  all<{ actor_upn: string | null; reason: string | null; before: string | null; after: string | null }>(
    "select actor_upn, reason, before, after from audit_events where action = ? order by seq",
    action,
  );
const user = async (upn: string) =>
  (
    await all<Record<string, unknown>>(
      "select id, display_name, password_hash, entra_tenant_id, entra_object_id from directory_users where upn = ?",
      upn,
    )
  )[0];
const roles = async (upn: string) =>
  (
    await all<{ role: TenantRole }>(
      "select role from tenant_role_assignments join directory_users u on u.id = directory_user_id where u.upn = ? order by role",
      upn,
    )
  ).map((r) => r.role);
const liveSessions = () => all<{ method: string }>("select method from sessions where revoked_at is null");

beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  await createGlobalAdmin(db, { email: "ada@example.com", name: "Ada", passwordHash: "x", now: t0 });
});
afterEach(() => dispose());

describe("single sign-on", () => {
  it("the first sign-in provisions a directory user with no password, the token's roles, an SSO session", async () => {
    const result = await signIn(token());
    expect(result).toMatchObject({ ok: true, sessionId: expect.stringMatching(/^[\w-]{43}$/) });
    expect(await user("erin@example.com")).toMatchObject({
      display_name: "Erin Exchange",
      password_hash: null,
      entra_tenant_id: TENANT,
      entra_object_id: "oid-erin",
    });
    expect(await roles("erin@example.com")).toEqual(["exchange_admin"]);
    expect(await liveSessions()).toEqual([{ method: "sso" }]);
    expect(await events("UserProvisioned")).toHaveLength(1);
    expect((await events("TenantRolesSynced")).map((e) => [e.before, e.after])).toEqual([
      ['{"roles":[]}', '{"roles":["exchange_admin"]}'],
    ]);
    expect((await events("SignInSucceeded")).map((e) => [e.actor_upn, e.after])).toEqual([
      ["erin@example.com", '{"method":"sso"}'],
    ]);
  });

  it("the next token's roles replace the held ones: granted and revoked, audited once with before and after", async () => {
    await signIn(token());
    const again = await signIn(token({ tenantRoles: ["power_platform_admin"] }), new Date(t0.getTime() + 60_000));
    expect(again).toMatchObject({ ok: true });
    expect(await roles("erin@example.com")).toEqual(["power_platform_admin"]);
    expect((await events("TenantRolesSynced")).map((e) => [e.before, e.after])).toEqual([
      ['{"roles":[]}', '{"roles":["exchange_admin"]}'],
      ['{"roles":["exchange_admin"]}', '{"roles":["power_platform_admin"]}'],
    ]);
  });

  it("the same roles again record no role change", async () => {
    await signIn(token());
    await signIn(token());
    expect(await events("TenantRolesSynced")).toHaveLength(1);
    expect(await events("SignInSucceeded")).toHaveLength(2);
  });

  it("a token without wids leaves the user with no tenant role", async () => {
    await signIn(token());
    await signIn(token({ tenantRoles: [] }));
    expect(await roles("erin@example.com")).toEqual([]);
  });

  it("a user is found by object id even when the directory renamed their UPN", async () => {
    const first = await signIn(token());
    const renamed = await signIn(token({ upn: "erin.e@example.com" }));
    expect(renamed).toMatchObject({ ok: true, userId: first.ok ? first.userId : -1 });
    expect(await user("erin.e@example.com")).toBeUndefined();
  });

  it("links an existing local account with the token's UPN, audited, and keeps its password", async () => {
    const local = (await user("ada@example.com"))!;
    const result = await signIn(token({ objectId: "oid-ada", upn: "ada@example.com", tenantRoles: ["global_admin"] }));
    expect(result).toMatchObject({ ok: true, userId: local.id });
    expect(await user("ada@example.com")).toMatchObject({ password_hash: "x", entra_object_id: "oid-ada" });
    expect((await events("DirectoryUserLinked")).map((e) => [e.actor_upn, e.after])).toEqual([
      ["ada@example.com", `{"tenantId":"${TENANT}","objectId":"oid-ada"}`],
    ]);
    expect(await events("TenantRolesSynced")).toHaveLength(0);
  });

  it("refuses a token from another tenant with its own answer, changes nothing, audits the reason", async () => {
    const result = await signIn(token({ tenantId: "22222222-2222-2222-2222-222222222222", upn: "ada@example.com" }));
    expect(result).toEqual({ ok: false, reason: "foreign-tenant" });
    expect(await db.select().from(directoryUsers)).toHaveLength(1);
    expect(await liveSessions()).toEqual([]);
    // Not Ada: a UPN in another tenant's token proves nothing about who it is.
    expect((await events("SignInFailed")).map((e) => [e.actor_upn, e.reason])).toEqual([[null, "FOREIGN_TENANT"]]);
  });

  it("refuses a disabled user with a valid token like a wrong password, roles untouched", async () => {
    await signIn(token());
    await run("update directory_users set is_enabled = ? where upn = 'erin@example.com'", flag(false));
    expect(await signIn(token({ tenantRoles: [] }))).toEqual({ ok: false, reason: "invalid" });
    expect(await roles("erin@example.com")).toEqual(["exchange_admin"]);
    expect((await events("SignInFailed")).map((e) => [e.actor_upn, e.reason])).toEqual([
      ["erin@example.com", "USER_DISABLED"],
    ]);
  });

  it("refuses to take over a local account already linked to another directory object", async () => {
    await signIn(token({ objectId: "oid-ada", upn: "ada@example.com" }));
    expect(await signIn(token({ objectId: "oid-impostor", upn: "ada@example.com" }))).toEqual({
      ok: false,
      reason: "unmatched",
    });
    expect((await events("SignInFailed")).map((e) => e.reason)).toEqual(["UPN_LINKED_ELSEWHERE"]);
  });

  it("goes through the sign-in throttle: refusals count, and a wait in force refuses before matching", async () => {
    const foreign = token({ tenantId: "22222222-2222-2222-2222-222222222222" });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await signIn(foreign));
    const wait = { ok: false, reason: "throttled", retryAt: new Date(t0.getTime() + 30_000) };
    // As with passwords, the fifth failure says when to try again.
    expect(results).toEqual([...Array(4).fill({ ok: false, reason: "foreign-tenant" }), wait]);
    expect(await signIn(token())).toEqual(wait);
    expect(await events("SignInThrottled")).toHaveLength(1);
    expect(await user("erin@example.com")).toBeUndefined();
  });
});
