import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { DAY_MS } from "@/lib/policy/delegation-terms";
import { NO_ORIGIN } from "../audit/log";
import { getTenantSettings, setMaxDelegationDays } from "../settings/tenant-settings";
import { demoLookups, epochMs } from "../testing/demo-lookups";
import { delegateMailboxApprover } from "./role-assignments";
import { changeDelegationTerms } from "./terms";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, dirId, envUserId, actorOf, PROD } = demoLookups(() => db);
beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

const now = new Date("2026-11-27T12:00:00Z");
const inDays = (n: number, from = now) => new Date(from.getTime() + n * DAY_MS);
const ctx = (at = now) => ({ origin: NO_ORIGIN, now: at });
const assignmentOf = async (alias: string) => {
  const row = await q<{
    id: number;
    ends_at: number | string | null;
    justification: string;
    renewed_by_id: number | null;
  }>(
    `select a.id, a.ends_at, a.justification, a.renewed_by_id from user_role_assignments a
     join security_roles r on r.id = a.role_id and r.key = 'delegated_mailbox_approver' where a.environment_user_id = ?`,
    await envUserId(alias),
  );
  return { ...row, ends_at: epochMs(row.ends_at) };
};
const delegate = async (alias: string, endsAt: Date | null, at = now) =>
  await delegateMailboxApprover(
    db,
    await actorOf("ava"),
    {
      environmentId: await PROD(),
      environmentUserId: await envUserId(alias),
      terms: { justification: "Start", endsAt },
      alsoSystemAdministrator: false,
    },
    ctx(at),
  );
const change = async (alias: string, who: string, endsAt: Date | null, at = now, justification = "Quarter end") => {
  const row = await assignmentOf(alias);
  return await changeDelegationTerms(
    db,
    await actorOf(who),
    {
      assignmentId: row.id,
      expectedEndsAt: row.ends_at === null ? null : new Date(row.ends_at),
      terms: { justification, endsAt },
    },
    ctx(at),
  );
};
const lastEvent = async () =>
  await q<{ action: string; actor_upn: string; before: string; after: string; reason: string }>(
    "select action, actor_upn, before, after, reason from audit_events order by seq desc limit 1",
  );

describe("extending, shortening and renewing a delegation", () => {
  it("evan extends a delegation: the new end date is kept and the event has before and after", async () => {
    expect(await delegate("user01", inDays(10))).toMatchObject({ ok: true });
    expect(await change("user01", "evan", inDays(40))).toMatchObject({ ok: true, change: "extend" });
    expect(await assignmentOf("user01")).toMatchObject({ ends_at: inDays(40).getTime(), justification: "Quarter end" });
    const event = await lastEvent();
    expect(event).toMatchObject({ action: "RoleExtended", actor_upn: "evan@contoso.com", reason: "Quarter end" });
    expect(JSON.parse(event.before)).toEqual({
      role: "Delegated Mailbox Approver",
      state: "Active",
      endsAt: inDays(10).toISOString(),
      justification: "Start",
    });
    expect(JSON.parse(event.after)).toEqual({
      role: "Delegated Mailbox Approver",
      state: "Active",
      endsAt: inDays(40).toISOString(),
      justification: "Quarter end",
    });
  });

  it("an earlier end date is a shortening, audited as such", async () => {
    expect(await change("user01", "ava", inDays(20))).toMatchObject({ ok: true, change: "shorten" });
    expect((await lastEvent()).action).toBe("RoleShortened");
  });

  it("a change made on an outdated view is refused", async () => {
    const row = await assignmentOf("user01");
    const result = await changeDelegationTerms(
      db,
      await actorOf("evan"),
      { assignmentId: row.id, expectedEndsAt: inDays(10), terms: { justification: "x", endsAt: inDays(50) } },
      ctx(),
    );
    expect(result).toMatchObject({ ok: false, reason: "STALE_VERSION" });
  });

  it("sam (System Administrator only) and paula (Power Platform) are refused with 0x80090904, nothing written", async () => {
    const before = (await q<{ n: number }>("select count(*) n from audit_events")).n;
    for (const who of ["sam", "paula"])
      expect(await change("user01", who, inDays(60))).toMatchObject({ ok: false, code: "0x80090904" });
    expect((await q<{ n: number }>("select count(*) n from audit_events")).n).toBe(before);
    expect((await assignmentOf("user01")).ends_at).toBe(inDays(20).getTime());
  });

  it("a justification is required", async () => {
    expect(await change("user01", "evan", inDays(60), now, "")).toMatchObject({ ok: false, field: "justification" });
  });

  it("renewing an expired delegation restarts the same assignment after recording its expiry", async () => {
    expect(await delegate("user02", inDays(1))).toMatchObject({ ok: true });
    const id = (await assignmentOf("user02")).id;
    const later = inDays(3);
    expect(await change("user02", "evan", inDays(30, later), later)).toMatchObject({ ok: true, change: "renew" });
    expect(await assignmentOf("user02")).toMatchObject({ id, renewed_by_id: await dirId("evan") });
    const actions = (
      await all<{ action: string }>("select action from audit_events where target_label like '%user02%' order by seq")
    ).map((e) => e.action);
    expect(actions).toEqual(["RoleAssigned", "RoleExpired", "RoleRenewed"]);
    expect(JSON.parse((await lastEvent()).before)).toMatchObject({ state: "Expired", endsAt: inDays(1).toISOString() });
  });
});

describe("the tenant's maximum delegation length", () => {
  it("only a Global Administrator sets it; it is audited", async () => {
    const { version } = await getTenantSettings(db);
    expect(
      await setMaxDelegationDays(db, await actorOf("evan"), { maxDelegationDays: 30, version }, ctx()),
    ).toMatchObject({
      ok: false,
      reason: "NOT_GLOBAL_ADMIN",
    });
    expect(
      await setMaxDelegationDays(db, await actorOf("ava"), { maxDelegationDays: 30, version }, ctx()),
    ).toMatchObject({
      ok: true,
    });
    expect(await getTenantSettings(db)).toEqual({ maxDelegationDays: 30, isApiTokensOn: true, version: version + 1 });
    expect(await lastEvent()).toMatchObject({ action: "TenantSettingsChanged", actor_upn: "ava@contoso.com" });
    expect(JSON.parse((await lastEvent()).after)).toEqual({ maxDelegationDays: 30 });
  });

  it("bounds new delegations, extensions and renewals; no end date is then impossible", async () => {
    expect(await delegate("user03", null)).toMatchObject({ ok: false, reason: "END_DATE_REQUIRED", field: "endsAt" });
    expect(await delegate("user03", inDays(31))).toMatchObject({ ok: false, reason: "BEYOND_MAXIMUM" });
    expect(await delegate("user03", inDays(30))).toMatchObject({ ok: true });
    expect(await change("user03", "evan", inDays(45))).toMatchObject({ ok: false, reason: "BEYOND_MAXIMUM" });
    // Thirty days from the moment of the extension, not from the first delegation.
    expect(await change("user03", "evan", inDays(30, inDays(10)), inDays(10))).toMatchObject({
      ok: true,
      change: "extend",
    });
  });
});
