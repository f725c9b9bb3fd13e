import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { DAY_MS } from "@/lib/policy/delegation-terms";
import { NO_ORIGIN } from "../audit/log";
import { setApproval } from "../mailboxes/approvals";
import { demoLookups } from "../testing/demo-lookups";
import { EVERY_DELEGATION, listTenantDelegations, type DelegationQuery } from "./delegation-list";
import { delegationsSql } from "./delegation-sql";
import { delegateMailboxApprover } from "./role-assignments";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, envId, envUserId, actorOf, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const inDays = (n: number) => new Date(now.getTime() + n * DAY_MS);
const ctx = (at = now) => ({ origin: NO_ORIGIN, now: at });
const delegate = async (alias: string, endsAt: Date | null, slug = "production", at = now) =>
  await delegateMailboxApprover(
    db,
    await actorOf("ava"),
    {
      environmentId: await envId(slug),
      environmentUserId: await envUserId(alias, slug),
      terms: { justification: `For ${alias}`, endsAt },
      alsoSystemAdministrator: false,
    },
    ctx(at),
  );
const names = async (query: Partial<DelegationQuery>, at = now) =>
  (await listTenantDelegations(db, await actorOf("ava"), { ...EVERY_DELEGATION, ...query }, at))!.rows.map(
    (r) => `${r.name}/${r.environmentName}`,
  );

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  // dana: System Administrator of Production directly; user01 (Alex Adams): Basic User only.
  await delegate("dana", inDays(60));
  await delegate("user01", inDays(3));
  await delegate("bob", null, "sandbox");
  await delegate("user02", inDays(-1), "production", inDays(-5));
  // sam is System Administrator of Production only through a team from here on.
  const team = (await q<{ id: number }>("select id from teams where name = 'Mail Admins'")).id;
  const sa = (
    await q<{ id: number }>(
      "select id from security_roles where environment_id = ? and key = 'system_administrator'",
      await PROD(),
    )
  ).id;
  db.$client
    .prepare("insert into team_role_assignments (team_id, role_id, assigned_at) values (?, ?, ?)")
    .run(team, sa, 0);
  db.$client
    .prepare("delete from user_role_assignments where environment_user_id = ? and role_id = ?")
    .run(await envUserId("sam"), sa);
  await delegate("sam", inDays(90));
  // dana approves nina's mailbox as a delegate.
  const nina = await q<{ id: number }>(
    "select id from mailboxes where email_address = 'nina@contoso.com' and environment_id = ?",
    await PROD(),
  );
  await setApproval(
    db,
    await actorOf("dana"),
    { environmentId: await PROD(), items: [{ id: nina.id, version: null }], operation: "approve" },
    ctx(inDays(-2)),
  );
});
afterAll(() => dispose());

describe("every delegation in the tenant", () => {
  it("lists each assignment with its environment, in holder order", async () => {
    expect(await names({})).toEqual(
      [
        "Bob Brown/Contoso Sandbox",
        "Dana Diaz/Contoso Production",
        "Sam Sato/Contoso Production",
        "Alex Adams/Contoso Production",
        "Blake Adams/Contoso Production",
      ].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
  });

  it("asks the approval rule whether each holder can approve: System Administrator through a team counts", async () => {
    const rows = (await listTenantDelegations(db, await actorOf("evan"), EVERY_DELEGATION, now))!.rows;
    const row = (name: string) => rows.find((r) => r.name === name)!;
    expect(row("Sam Sato")).toMatchObject({ isSystemAdministrator: true, canApprove: { allowed: true } });
    expect(row("Dana Diaz")).toMatchObject({ isSystemAdministrator: true, canApprove: { allowed: true } });
    expect(row("Alex Adams")).toMatchObject({ isSystemAdministrator: false, canApprove: { allowed: false } });
    expect(row("Blake Adams")).toMatchObject({ state: "expired", canApprove: { allowed: false } });
  });

  it("shows the last approval made with the role and the approvals in 90 days, from the audit log", async () => {
    const rows = (await listTenantDelegations(db, await actorOf("ava"), EVERY_DELEGATION, now))!.rows;
    expect(rows.find((r) => r.name === "Dana Diaz")).toMatchObject({ lastApprovalAt: inDays(-2), recentApprovals: 1 });
    expect(rows.find((r) => r.name === "Sam Sato")).toMatchObject({ lastApprovalAt: null, recentApprovals: 0 });
  });

  it("filters by environment, state, expiring within N days, unused for N days and name", async () => {
    expect(await names({ environmentId: await envId("sandbox") })).toEqual(["Bob Brown/Contoso Sandbox"]);
    expect(await names({ state: "expired" })).toEqual(["Blake Adams/Contoso Production"]);
    expect(await names({ expiringWithinDays: 7 })).toEqual(["Alex Adams/Contoso Production"]);
    expect(await names({ unusedForDays: 30, state: "active" })).not.toContain("Dana Diaz/Contoso Production");
    expect(await names({ unusedForDays: 1, state: "active" })).toContain("Dana Diaz/Contoso Production");
    expect(await names({ q: "DANA@" })).toEqual(["Dana Diaz/Contoso Production"]);
  });

  it("sorts by end date (no end date last) and by last approval", async () => {
    expect(await names({ sort: "ends" })).toEqual([
      "Blake Adams/Contoso Production",
      "Alex Adams/Contoso Production",
      "Dana Diaz/Contoso Production",
      "Sam Sato/Contoso Production",
      "Bob Brown/Contoso Sandbox",
    ]);
    expect((await names({ sort: "lastApproval", dir: "desc" }))[0]).toBe("Dana Diaz/Contoso Production");
  });

  it("is for tenant admins only", async () => {
    expect(await listTenantDelegations(db, await actorOf("paula"), EVERY_DELEGATION, now)).not.toBeNull();
    expect(await listTenantDelegations(db, await actorOf("sam"), EVERY_DELEGATION, now)).toBeNull();
  });

  it("reads approvals through the partial index, never by scanning the audit log", () => {
    const rows = delegationsSql(
      db,
      { ...EVERY_DELEGATION, unusedForDays: 30, sort: "lastApproval" },
      { now, usageSince: new Date(0), expiringBefore: null, unusedSince: new Date(0) },
    ).rows.toSQL();
    const plan = (db.$client.prepare(`explain query plan ${rows.sql}`).all(...rows.params) as { detail: string }[]).map(
      (r) => r.detail,
    );
    const onAudit = plan.filter((d) => /audit_events/.test(d));
    // The filter, the last approval (shown and sorted on) and the 90-day count.
    expect(onAudit).toHaveLength(4);
    expect(plan.filter((d) => /^SCAN/.test(d))).toEqual([expect.stringMatching(/^SCAN r\b/)]);
    for (const line of onAudit) expect(line).toMatch(/^SEARCH x USING (COVERING )?INDEX audit_events_dma_approvals_ix/);
  });
});
