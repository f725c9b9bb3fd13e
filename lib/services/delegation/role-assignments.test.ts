import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { recordDueExpiries } from "./expiry";
import { addMeAsSystemAdministrator, addUserToEnvironment } from "../directory/environment-membership";
import { assignRoleToUsers, delegateMailboxApprover, saveUserRoles, type DelegationTerms } from "./role-assignments";
import { demoLookups, epochMs } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, envId, dirId, actorOf, PROD } = demoLookups(() => db);
beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

const now = new Date();
const ctx = (at = now) => ({ origin: NO_ORIGIN, now: at });
const member = async (alias: string, env?: number) =>
  await q<{ id: number; version: number }>(
    "select id, version from environment_users where environment_id = ? and directory_user_id = ?",
    env ?? (await PROD()),
    await dirId(alias),
  );
const roleId = async (key: string, env?: number) =>
  (
    await q<{ id: number }>(
      "select id from security_roles where environment_id = ? and key = ?",
      env ?? (await PROD()),
      key,
    )
  ).id;
const rolesOf = async (alias: string) =>
  (
    await all<{ key: string }>(
      "select r.key from user_role_assignments a join security_roles r on r.id = a.role_id where a.environment_user_id = ? order by r.key",
      (await member(alias)).id,
    )
  ).map((r) => r.key);
const eventCount = async () => (await q<{ n: number }>("select count(*) n from audit_events")).n;
const noTerms = { justification: null, endsAt: null };
/** `by` saves the roles of `alias` in Production as Manage security roles sends them, at the version just read. */
const saveRoles = async (by: string, alias: string, roleKeys: string[], terms: DelegationTerms = noTerms) => {
  const target = await member(alias);
  return await saveUserRoles(
    db,
    await actorOf(by),
    {
      environmentId: await PROD(),
      environmentUserId: target.id,
      version: target.version,
      roleIds: await Promise.all(roleKeys.map((key) => roleId(key))),
      terms,
    },
    ctx(),
  );
};

describe("saving a user's security roles", () => {
  it("sam cannot add Delegated Mailbox Approver for bob: 0x80090904, no change, only the refused attempt logged", async () => {
    const before = await eventCount();
    const result = await saveRoles("sam", "bob", ["basic_user", "delegated_mailbox_approver"], {
      justification: "x",
      endsAt: null,
    });
    expect(result).toMatchObject({ ok: false, code: "0x80090904", reason: "NOT_TENANT_ADMIN" });
    expect(await rolesOf("bob")).toEqual(["basic_user"]);
    expect(await eventCount()).toBe(before + 1);
  });

  it("ava delegates to user30 with a justification; sam then saves user30's other roles and the DMA stays", async () => {
    const target = await member("user30");
    const delegated = await delegateMailboxApprover(
      db,
      await actorOf("ava"),
      {
        environmentId: await PROD(),
        environmentUserId: target.id,
        terms: { justification: "Cover", endsAt: null },
        alsoSystemAdministrator: false,
      },
      ctx(),
    );
    expect(delegated).toMatchObject({ ok: true, added: 1 });
    const saved = await saveRoles("sam", "user30", ["basic_user", "system_customizer"]);
    expect(saved).toMatchObject({ ok: true, added: 1, removed: 0 });
    expect(await rolesOf("user30")).toEqual(["basic_user", "delegated_mailbox_approver", "system_customizer"]);
  });

  it("refuses a save based on an outdated view of the user", async () => {
    const target = await member("user29");
    const stale = {
      environmentId: await PROD(),
      environmentUserId: target.id,
      version: target.version,
      roleIds: [await roleId("basic_user"), await roleId("environment_maker")],
      terms: noTerms,
    };
    expect(await saveUserRoles(db, await actorOf("sam"), stale, ctx())).toMatchObject({ ok: true });
    expect(
      await saveUserRoles(db, await actorOf("sam"), { ...stale, roleIds: [await roleId("basic_user")] }, ctx()),
    ).toMatchObject({
      ok: false,
      reason: "STALE_VERSION",
    });
    expect(await rolesOf("user29")).toEqual(["basic_user", "environment_maker"]);
  });

  it("refuses roles for a disabled user (dave)", async () => {
    expect(await saveRoles("sam", "dave", ["basic_user", "system_customizer"])).toMatchObject({
      ok: false,
      reason: "USER_DISABLED",
    });
  });

  it("writes one audit event per role change, with the justification as the reason", async () => {
    const row = await q<{ action: string; reason: string; after: string; actor_upn: string }>(
      "select action, reason, after, actor_upn from audit_events where action = 'RoleAssigned' and reason = 'Cover'",
    );
    expect(row).toMatchObject({ action: "RoleAssigned", actor_upn: "ava@contoso.com" });
    expect(JSON.parse(row.after)).toEqual({ role: "Delegated Mailbox Approver", endsAt: null, justification: "Cover" });
  });
});

describe("delegating Delegated Mailbox Approver", () => {
  const delegate = async (
    alias: string,
    terms: { justification: string | null; endsAt: Date | null },
    alsoSystemAdministrator = false,
    at = now,
  ) =>
    await delegateMailboxApprover(
      db,
      await actorOf("evan"),
      { environmentId: await PROD(), environmentUserId: (await member(alias)).id, terms, alsoSystemAdministrator },
      ctx(at),
    );

  it("needs a justification and a future end date", async () => {
    expect(await delegate("user28", { justification: null, endsAt: null })).toMatchObject({
      ok: false,
      field: "justification",
    });
    expect(await delegate("user28", { justification: "x", endsAt: new Date(now.getTime() - 1000) })).toMatchObject({
      ok: false,
      field: "endsAt",
    });
  });

  it("can assign System Administrator too — only when the delegating admin may assign it", async () => {
    // evan is an Exchange admin without System Administrator in Production: the whole delegation is refused.
    expect(await delegate("user27", { justification: "x", endsAt: null }, true)).toMatchObject({
      ok: false,
      reason: "NOT_SYSTEM_ADMIN",
    });
    expect(await rolesOf("user27")).toEqual(["basic_user"]);
  });

  it("an expired delegation grants nothing, and its expiry is audited exactly once, at its end date", async () => {
    const endsAt = new Date(now.getTime() + 60_000);
    expect(await delegate("user26", { justification: "One minute", endsAt })).toMatchObject({ ok: true });
    const later = new Date(endsAt.getTime() + 30_000);
    const prod = await PROD();
    const membership = (await actorOf("user26")).memberships.find((m) => m.environmentId === prod)!;
    const dma = membership.roles.find((r) => r.key === "delegated_mailbox_approver")!;
    expect(dma.endsAt).toEqual(endsAt);
    expect(await recordDueExpiries(db, now)).toBe(0);
    expect(await recordDueExpiries(db, later)).toBe(1);
    expect(await recordDueExpiries(db, later)).toBe(0);
    const event = await q<{ at: number | string; after: string }>(
      "select at, after from audit_events where action = 'RoleExpired' and target_label like '%user26%'",
    );
    expect(epochMs(event.at)).toBe(endsAt.getTime());
    expect(JSON.parse(event.after)).toEqual({
      role: "Delegated Mailbox Approver",
      state: "Expired",
      endedAt: endsAt.toISOString(),
      recordedAt: later.toISOString(),
    });
  });

  it("delegating again to a current holder is refused with a pointer to Extend, and changes nothing", async () => {
    const endsAt = new Date(now.getTime() + 10 * 86_400_000);
    expect(await delegate("user25", { justification: "Ten days", endsAt })).toMatchObject({ ok: true });
    const before = await eventCount();
    const again = await delegate("user25", {
      justification: "Longer",
      endsAt: new Date(endsAt.getTime() + 86_400_000),
    });
    expect(again).toMatchObject({ ok: false, reason: "ALREADY_DELEGATED", field: "environmentUserId" });
    expect(!again.ok && again.message).toContain("use Extend");
    expect(await eventCount()).toBe(before);
    expect(
      epochMs(
        (
          await q<{ ends_at: number | string }>(
            "select ends_at from user_role_assignments where environment_user_id = ? and role_id = ?",
            (await member("user25")).id,
            await roleId("delegated_mailbox_approver"),
          )
        ).ends_at,
      ),
    ).toBe(endsAt.getTime());
  });

  it("delegating to an expired holder renews the same assignment: original delegator kept, expiry then renewal audited", async () => {
    const endsAt = new Date(now.getTime() + 60_000);
    expect(await delegate("user24", { justification: "Short", endsAt })).toMatchObject({ ok: true });
    const assignment = async () => {
      const row = await q<{
        id: number;
        assigned_by_id: number;
        renewed_by_id: number | null;
        ends_at: number | string;
        justification: string;
      }>(
        "select id, assigned_by_id, renewed_by_id, ends_at, justification from user_role_assignments where environment_user_id = ? and role_id = ?",
        (await member("user24")).id,
        await roleId("delegated_mailbox_approver"),
      );
      return { ...row, ends_at: epochMs(row.ends_at) };
    };
    const original = await assignment();
    const later = new Date(endsAt.getTime() + 5_000);
    const renewedUntil = new Date(later.getTime() + 30 * 86_400_000);
    expect(
      await delegateMailboxApprover(
        db,
        await actorOf("ava"),
        {
          environmentId: await PROD(),
          environmentUserId: (await member("user24")).id,
          terms: { justification: "Back for Q2", endsAt: renewedUntil },
          alsoSystemAdministrator: false,
        },
        ctx(later),
      ),
    ).toMatchObject({ ok: true, message: expect.stringContaining("renewed Delegated Mailbox Approver") });
    expect(await assignment()).toEqual({
      id: original.id,
      assigned_by_id: await dirId("evan"),
      renewed_by_id: await dirId("ava"),
      ends_at: renewedUntil.getTime(),
      justification: "Back for Q2",
    });
    const events = await all<{ action: string; at: number | string }>(
      "select action, at from audit_events where target_label like '%user24%' order by seq",
    );
    expect(events.map((e) => e.action)).toEqual(["RoleAssigned", "RoleExpired", "RoleRenewed"]);
    expect(epochMs(events[1]!.at)).toBe(endsAt.getTime());
  });
});

describe("joining an environment", () => {
  it("paula adds herself as System Administrator of Sandbox: a membership, a pending mailbox and an ApplyAdminRole event", async () => {
    const sandbox = await envId("sandbox");
    expect(
      await addMeAsSystemAdministrator(db, await actorOf("paula"), { environmentId: sandbox }, ctx()),
    ).toMatchObject({
      ok: true,
    });
    const paula = await member("paula", sandbox);
    expect(await q("select email_status from mailboxes where regarding_user_id = ?", paula.id)).toEqual({
      email_status: 2,
    });
    expect(
      await q(
        "select count(*) n from user_role_assignments where environment_user_id = ? and role_id = ?",
        paula.id,
        await roleId("system_administrator", sandbox),
      ),
    ).toEqual({ n: 1 });
    expect((await q<{ action: string }>("select action from audit_events order by seq desc limit 1")).action).toBe(
      "ApplyAdminRole",
    );
  });

  it("evan, an Exchange Administrator, cannot add himself", async () => {
    expect(
      await addMeAsSystemAdministrator(db, await actorOf("evan"), { environmentId: await envId("sandbox") }, ctx()),
    ).toMatchObject({
      ok: false,
      reason: "NOT_ELEVATION_ELIGIBLE",
    });
  });

  it("sam adds cora to Sandbox; adding her twice is a field error; bob may not add anyone", async () => {
    const sandbox = await envId("sandbox");
    expect(
      await addUserToEnvironment(
        db,
        await actorOf("sam"),
        { environmentId: sandbox, directoryUserId: await dirId("cora") },
        ctx(),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await addUserToEnvironment(
        db,
        await actorOf("sam"),
        { environmentId: sandbox, directoryUserId: await dirId("cora") },
        ctx(),
      ),
    ).toMatchObject({ ok: false, field: "directoryUserId" });
    expect(
      await addUserToEnvironment(
        db,
        await actorOf("bob"),
        { environmentId: sandbox, directoryUserId: await dirId("nina") },
        ctx(),
      ),
    ).toMatchObject({ ok: false, code: "0x80040220" });
  });
});

describe("Assign role to several users", () => {
  const assign = async (alias: string, key: string, users: { id: number; version: number }[]) =>
    await assignRoleToUsers(
      db,
      await actorOf(alias),
      { environmentId: await PROD(), roleId: await roleId(key), users },
      ctx(),
    );
  const eventsOf = async (action: string) =>
    (await q<{ n: number }>("select count(*) n from audit_events where action = ?", action)).n;

  it("sam: one result per user — assigned, already held, changed since loaded, not found — in one go", async () => {
    const [finley, blake, cora] = [await member("user06"), await member("user12"), await member("cora")];
    const assigned = await eventsOf("RoleAssigned");
    const refusedEvents = await eventsOf("RoleChangeRefused");
    const result = await assign("sam", "system_customizer", [
      await finley,
      await cora,
      { id: blake.id, version: blake.version + 1 },
      { id: 999_999, version: 0 },
      await finley,
    ]);
    expect(result).toMatchObject({ ok: true, message: "1 assigned, 1 unchanged, 2 refused." });
    if (!result.ok) return;
    expect(result.rows.map((r) => [r.name, r.outcome, r.reason])).toEqual([
      ["Finley Adams", "changed", null],
      ["Cora Chen", "unchanged", null],
      ["Blake Baker", "refused", "STALE_VERSION"],
      ["#999999", "refused", "NOT_VISIBLE"],
    ]);
    expect(await rolesOf("user06")).toContain("system_customizer");
    expect(await rolesOf("user12")).not.toContain("system_customizer");
    expect(await eventsOf("RoleAssigned")).toBe(assigned + 1);
    // A stale row or a missing one is no privilege refused: nothing to log as a refused attempt.
    expect(await eventsOf("RoleChangeRefused")).toBe(refusedEvents);
  });

  it("cora may not hand out System Administrator: every user refused with the rule's code, one refused event", async () => {
    const blake = await member("user12");
    const before = await eventCount();
    const result = await assign("cora", "system_administrator", [await blake]);
    expect(result.ok && result.rows[0]).toMatchObject({ name: "Blake Baker", outcome: "refused" });
    expect(result.ok && result.rows[0]!.code).toMatch(/^0x/);
    expect(await rolesOf("user12")).not.toContain("system_administrator");
    expect(await eventCount()).toBe(before + 1);
    expect(await eventsOf("RoleChangeRefused")).toBeGreaterThan(0);
  });

  it("Delegated Mailbox Approver is not assigned in bulk: invalid input, nothing written", async () => {
    const before = await eventCount();
    expect(await assign("ava", "delegated_mailbox_approver", [await member("user12")])).toMatchObject({
      ok: false,
      field: "roleId",
    });
    expect(await eventCount()).toBe(before);
  });
});
