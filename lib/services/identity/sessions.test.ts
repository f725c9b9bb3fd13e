import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import { saveTenantRoles, setDirectoryUserEnabled } from "../directory/user-changes";
import { endAllSessions, endSession, findLiveSession, loadSessionActor } from "./sessions";
import { authenticate } from "./sign-in";
import { demoLookups, epochMs } from "../testing/demo-lookups";
import { mapInOrder } from "@/lib/in-order";

let db: Db;
let dispose: () => Promise<void>;
const { dirId, actorOf, all, run } = demoLookups(() => db);
const t0 = new Date("2026-11-27T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const HOUR = 60 * 60_000;
const origin = { clientIp: "203.0.113.5", userAgent: "vitest" };

beforeEach(async () => ({ db, dispose } = await createTestDb({ demo: true })));
afterEach(() => dispose());

async function signIn(alias: string, now = t0): Promise<string> {
  const result = await authenticate(db, { email: `${alias}@contoso.com`, password: "Contoso-Demo-1", origin, now });
  if (!result.ok) throw new Error(`${alias} could not sign in`);
  return result.sessionId;
}
const live = (sessionId: string, now = t0, idleTimeoutMs = HOUR) =>
  findLiveSession(db, { sessionId, now, idleTimeoutMs });
const lastSeen = async (sessionId: string) => {
  const [row] = await all<{ last_seen_at: number | string }>(
    "select last_seen_at from sessions where id = ?",
    sessionId,
  );
  return row && epochMs(row.last_seen_at);
};
const events = async (action: string) =>
  await all<{ actor_upn: string; target_label: string; reason: string | null; after: string | null }>(
    "select * from audit_events where action = ? order by seq",
    action,
  );

describe("a session", () => {
  it("belongs to the user who signed in, and notes the last visit at most once a minute", async () => {
    const id = await signIn("bob");
    expect(await live(id, minutes(0.5))).toEqual({ userId: await dirId("bob") });
    expect(await lastSeen(id)).toBe(t0.getTime());
    expect(await live(id, minutes(1))).toEqual({ userId: await dirId("bob") });
    expect(await lastSeen(id)).toBe(minutes(1).getTime());
  });

  it("ends after the idle timeout, counted from the last visit", async () => {
    const id = await signIn("bob");
    expect(await live(id, minutes(50))).not.toBeNull();
    expect(await live(id, minutes(109))).not.toBeNull();
    expect(await live(id, minutes(169))).toBeNull();
    expect(await live(id, minutes(130), 15 * 60_000)).toBeNull();
  });

  it("an unknown id is no session", async () => {
    expect(await live("made-up")).toBeNull();
  });

  it("acts as its enabled owner; a token without a session id (from before sessions) is signed out", async () => {
    const id = await signIn("bob");
    expect((await loadSessionActor(db, { sessionId: id, now: t0, idleTimeoutMs: HOUR }))?.upn).toBe("bob@contoso.com");
    expect(await loadSessionActor(db, { sessionId: undefined, now: t0, idleTimeoutMs: HOUR })).toBeNull();
    await run("update directory_users set is_enabled = ? where id = ?", flag(false), await dirId("bob"));
    expect(await loadSessionActor(db, { sessionId: id, now: t0, idleTimeoutMs: HOUR })).toBeNull();
  });
});

describe("signing out", () => {
  it("ends this session only, once, audited as SignedOut", async () => {
    const [here, elsewhere] = [await signIn("bob"), await signIn("bob")];
    expect(await endSession(db, { sessionId: here, origin, now: minutes(1) })).toBe(true);
    expect(await live(here, minutes(1))).toBeNull();
    expect(await live(elsewhere, minutes(1))).not.toBeNull();
    expect(await endSession(db, { sessionId: here, origin, now: minutes(2) })).toBe(false);
    expect(await events("SignedOut")).toEqual([
      expect.objectContaining({ actor_upn: "bob@contoso.com", target_label: "bob@contoso.com" }),
    ]);
  });

  it("everywhere ends every session of the user and no one else's, audited with the count", async () => {
    const bobs = [await signIn("bob"), await signIn("bob")];
    const avas = await signIn("ava");
    expect(await endAllSessions(db, { actor: await actorOf("bob"), origin, now: minutes(1) })).toBe(2);
    expect(await mapInOrder(bobs, (id) => live(id, minutes(1)))).toEqual([null, null]);
    expect(await live(avas, minutes(1))).not.toBeNull();
    expect(await events("SignedOutEverywhere")).toEqual([
      expect.objectContaining({ actor_upn: "bob@contoso.com", after: '{"sessions":2}' }),
    ]);
  });

  it("signing in again drops the user's ended sessions", async () => {
    const old = await signIn("bob");
    await endSession(db, { sessionId: old, origin });
    await signIn("bob", minutes(1));
    expect(await all("select id from sessions where directory_user_id = ?", await dirId("bob"))).toHaveLength(1);
  });
});

describe("changes by a tenant admin end the user's sessions", () => {
  const who = { actor: () => actorOf("ava"), origin };

  it("disabling a user ends them all; enabling again does not bring them back", async () => {
    const id = await signIn("bob");
    expect(
      await setDirectoryUserEnabled(db, {
        actor: await who.actor(),
        origin,
        userId: await dirId("bob"),
        version: 1,
        isEnabled: false,
      }),
    ).toMatchObject({ ok: true });
    expect(await live(id)).toBeNull();
    expect(await events("SessionsRevoked")).toEqual([
      expect.objectContaining({
        actor_upn: "ava@contoso.com",
        target_label: "bob@contoso.com",
        reason: "USER_DISABLED",
        after: '{"sessions":1}',
      }),
    ]);
    await setDirectoryUserEnabled(db, {
      actor: await who.actor(),
      origin,
      userId: await dirId("bob"),
      version: 2,
      isEnabled: true,
    });
    expect(await live(id)).toBeNull();
  });

  it("removing the last tenant role ends them; removing one of two does not", async () => {
    const id = await signIn("evan");
    await saveTenantRoles(db, {
      actor: await who.actor(),
      origin,
      userId: await dirId("evan"),
      version: 1,
      roles: ["exchange_admin", "dynamics365_admin"],
    });
    await saveTenantRoles(db, {
      actor: await who.actor(),
      origin,
      userId: await dirId("evan"),
      version: 2,
      roles: ["dynamics365_admin"],
    });
    expect(await live(id)).not.toBeNull();
    await saveTenantRoles(db, { actor: await who.actor(), origin, userId: await dirId("evan"), version: 3, roles: [] });
    expect(await live(id)).toBeNull();
    expect(await events("SessionsRevoked")).toEqual([
      expect.objectContaining({ target_label: "evan@contoso.com", reason: "LAST_TENANT_ROLE_REMOVED" }),
    ]);
  });

  it("a refused change ends nothing", async () => {
    const id = await signIn("bob");
    expect(
      await setDirectoryUserEnabled(db, {
        actor: await actorOf("evan"),
        origin,
        userId: await dirId("bob"),
        version: 1,
        isEnabled: false,
      }),
    ).toMatchObject({ ok: false });
    expect(await live(id)).not.toBeNull();
  });
});
