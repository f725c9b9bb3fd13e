import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { setDirectoryUserEnabled } from "../directory/user-changes";
import { setApiTokensOn, getTenantSettings } from "../settings/tenant-settings";
import { demoLookups } from "../testing/demo-lookups";
import { createApiToken, listApiTokens, revokeApiToken } from "./api-tokens";
import { authenticateApiToken } from "./token-auth";

let db: Db;
let dispose: () => Promise<void>;
const { actorOf, all } = demoLookups(() => db);
const t0 = new Date("2026-11-27T10:00:00Z");
const DAY = 24 * 60 * 60_000;
const later = (ms: number) => new Date(t0.getTime() + ms);
const origin = { clientIp: "203.0.113.5", userAgent: "vitest" };
const ctx = (now = t0) => ({ origin, now });
const events = async (action: string) =>
  await all<{ actor_upn: string; target_label: string; after: string | null; token_id: number | null }>(
    "select * from audit_events where action = ? order by seq",
    action,
  );

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
});
afterAll(() => dispose());

async function create(alias: string, name: string, days = 30, scopes = ["mailboxes.read" as const]) {
  const result = await createApiToken(db, await actorOf(alias), { name, scopes, expiresAt: later(days * DAY) }, ctx());
  if (!result.ok) throw new Error(result.message);
  return result;
}
const use = (secret: string, now = t0) => authenticateApiToken(db, { secret, origin, now });

describe("a personal access token", () => {
  it("is stored as a hash only, shown once, and audited when created", async () => {
    const { secret, tokenId } = await create("bob", "Bob's script");
    expect(secret).toMatch(/^mgp_[A-Za-z0-9_-]{43}$/);
    const stored = (await all<Record<string, unknown>>("select * from api_tokens where id = ?", tokenId))[0]!;
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.prefix).toBe(secret.slice(0, 8));
    expect((await events("ApiTokenCreated")).at(-1)).toMatchObject({
      actor_upn: "bob@contoso.com",
      target_label: "Bob's script (bob@contoso.com)",
    });
  });

  it("acts as its owner, with scopes, and notes its last use at most once a minute", async () => {
    const { secret, tokenId } = await create("dana", "Dana's approvals", 30, ["mailboxes.read"]);
    const auth = await use(secret, later(1000));
    expect(auth).toMatchObject({ ok: true, actor: { upn: "dana@contoso.com" }, token: { id: tokenId } });
    expect(auth.ok && auth.token.scopes).toEqual(["mailboxes.read"]);
    await use(secret, later(30_000));
    expect(
      (await listApiTokens(db, await actorOf("dana"), (await actorOf("dana")).id, later(30_000)))![0]!.lastUsedAt,
    ).toEqual(later(1000));
    await use(secret, later(61_000));
    expect(
      (await listApiTokens(db, await actorOf("dana"), (await actorOf("dana")).id, later(61_000)))![0]!.lastUsedAt,
    ).toEqual(later(61_000));
  });

  it("expires at most 90 days out; a use after expiry is refused and audited once an hour", async () => {
    const tooLong = await createApiToken(
      db,
      await actorOf("bob"),
      { name: "x", scopes: ["audit.read"], expiresAt: later(91 * DAY) },
      ctx(),
    );
    expect(tooLong).toMatchObject({ ok: false, reason: "EXPIRY_TOO_LATE", field: "expiresAt" });
    const { secret, tokenId } = await create("nina", "Nina's short one", 1);
    expect(await use(secret, later(DAY))).toMatchObject({ ok: false, reason: "TOKEN_EXPIRED" });
    await use(secret, later(DAY + 60_000));
    expect((await events("ApiTokenUsedAfterExpiry")).filter((e) => e.token_id === tokenId)).toHaveLength(1);
    await use(secret, later(DAY + 60 * 60_000));
    expect((await events("ApiTokenUsedAfterExpiry")).filter((e) => e.token_id === tokenId)).toHaveLength(2);
  });

  it("is revoked by its owner or a Global Administrator, and by nobody else (who is told it does not exist)", async () => {
    const mine = await create("cora", "Cora's");
    expect(await revokeApiToken(db, await actorOf("evan"), { tokenId: mine.tokenId }, ctx())).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await revokeApiToken(db, await actorOf("ava"), { tokenId: mine.tokenId }, ctx())).toMatchObject({
      ok: true,
    });
    expect(await use(mine.secret)).toMatchObject({ ok: false, reason: "TOKEN_REVOKED" });
    expect(await revokeApiToken(db, await actorOf("cora"), { tokenId: mine.tokenId }, ctx())).toMatchObject({
      ok: true,
      message: "Cora's was already revoked.",
    });
    expect((await events("ApiTokenRevoked")).at(-1)).toMatchObject({ actor_upn: "ava@contoso.com" });
    expect(await listApiTokens(db, await actorOf("evan"), (await actorOf("cora")).id, t0)).toBeNull();
    expect((await listApiTokens(db, await actorOf("ava"), (await actorOf("cora")).id, t0))![0]!.state).toBe("revoked");
  });

  it("stops working when its owner is disabled, and again when enabled", async () => {
    const { secret } = await create("lena", "Lena's");
    const lena = await actorOf("lena");
    const disable = async (isEnabled: boolean) => {
      const user = (await all<{ version: number }>("select version from directory_users where id = ?", lena.id))[0]!;
      return await setDirectoryUserEnabled(db, {
        actor: await actorOf("ava"),
        origin,
        userId: lena.id,
        version: user.version,
        isEnabled,
      });
    };
    expect(await disable(false)).toMatchObject({ ok: true });
    expect(await use(secret)).toMatchObject({ ok: false, reason: "USER_DISABLED" });
    expect(await disable(true)).toMatchObject({ ok: true });
    expect(await use(secret)).toMatchObject({ ok: true });
  });

  it("is refused, and none can be made, while a Global Administrator has tokens off", async () => {
    const { secret } = await create("sam", "Sam's");
    const version = async () => (await getTenantSettings(db)).version;
    expect(
      await setApiTokensOn(db, await actorOf("evan"), { isOn: false, version: await version() }, ctx()),
    ).toMatchObject({
      ok: false,
      reason: "NOT_GLOBAL_ADMIN",
    });
    expect(
      await setApiTokensOn(db, await actorOf("ava"), { isOn: false, version: await version() }, ctx()),
    ).toMatchObject({
      ok: true,
    });
    expect(await use(secret)).toMatchObject({ ok: false, reason: "API_TOKENS_OFF" });
    expect(
      await createApiToken(
        db,
        await actorOf("sam"),
        { name: "y", scopes: ["audit.read"], expiresAt: later(DAY) },
        ctx(),
      ),
    ).toMatchObject({
      ok: false,
      reason: "API_TOKENS_OFF",
    });
    expect(
      await setApiTokensOn(db, await actorOf("ava"), { isOn: true, version: await version() }, ctx()),
    ).toMatchObject({
      ok: true,
    });
    expect(await use(secret)).toMatchObject({ ok: true });
    expect((await events("TenantSettingsChanged")).map((e) => JSON.parse(e.after!))).toEqual([
      { isApiTokensOn: false },
      { isApiTokensOn: true },
    ]);
  });

  it("that is not ours is refused without a database hit on its shape", async () => {
    expect(await use("mgp_short")).toMatchObject({ ok: false, reason: "TOKEN_INVALID" });
    expect(await use(`mgp_${"A".repeat(43)}`)).toMatchObject({ ok: false, reason: "TOKEN_INVALID" });
  });
});
