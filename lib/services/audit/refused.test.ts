import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "./log";
import { runApproval } from "../mailboxes/run-approval";
import { testAndEnableMailboxes } from "../mailboxes/test-and-enable";
import { delegateMailboxApprover, saveUserRoles } from "../delegation/role-assignments";
import { makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, PROD, actorOf, envUserId, mailbox, approvalItem: item } = demoLookups(() => db);
const now = new Date();
const ctx = { origin: NO_ORIGIN, now };
type Event = { action: string; target_type: string | null; target_id: string | null; after: string; reason: string };
const eventsOf = async (action: string) =>
  await all<Event>(
    "select action, target_type, target_id, after, reason from audit_events where action = ? order by seq",
    action,
  );

beforeAll(async () => ({ db, dispose } = await createTestDb({ demo: true })));
afterAll(() => dispose());

describe("refused attempts of privileged actions", () => {
  it("a System Administrator who is neither tenant admin nor delegate approves three: one refused event for the request, nothing approved", async () => {
    const addresses = ["user21@contoso.com", "user22@contoso.com", "user23@contoso.com"];
    const before = await Promise.all(addresses.map(async (a) => (await mailbox(a)).email_status));
    const run = await runApproval(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items: await Promise.all(addresses.map(item)), operation: "approve" },
      ctx,
    );
    expect(run.ok && run.outcomes?.map((o) => o.reason)).toEqual(Array(3).fill("NOT_TENANT_ADMIN_OR_DMA"));
    expect(await Promise.all(addresses.map(async (a) => (await mailbox(a)).email_status))).toEqual(before);
    expect(await eventsOf("MailboxApproved")).toHaveLength(0);
    const [event, ...more] = await eventsOf("MailboxApprovalRefused");
    expect(more).toHaveLength(0);
    expect(event!.target_type).toBeNull();
    expect(JSON.parse(event!.after)).toMatchObject({
      code: "0x80040256",
      reason: "NOT_TENANT_ADMIN_OR_DMA",
      refusedCount: 3,
      selected: 3,
      reasons: [{ code: "0x80040256", reason: "NOT_TENANT_ADMIN_OR_DMA", count: 3 }],
    });
    expect(event!.reason).toMatch(/^0x80040256 NOT_TENANT_ADMIN_OR_DMA: /);
  });

  it("one refused mailbox names it as the event's target", async () => {
    const { id } = await mailbox("user24@contoso.com");
    await runApproval(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        items: [await item("user24@contoso.com")],
        operation: "reject",
        reason: "Not ours",
      },
      ctx,
    );
    const [event] = await eventsOf("MailboxRejectionRefused");
    expect(event).toMatchObject({ target_type: "mailbox", target_id: String(id) });
    expect(JSON.parse(event!.after)).not.toHaveProperty("refusedCount");
  });

  it("a refusal that is not a rule (a stale version) is not logged as a refused attempt", async () => {
    const count = (await eventsOf("MailboxApprovalRefused")).length;
    const stale = { ...(await item("user25@contoso.com")), version: 999 };
    await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [stale], operation: "approve" },
      ctx,
    );
    expect(await eventsOf("MailboxApprovalRefused")).toHaveLength(count);
  });

  it("delegating without being a Global or Exchange admin is refused, logged with the user as target, and changes nothing", async () => {
    const roles = async () => (await one<{ n: number }>("select count(*) n from user_role_assignments")).n;
    const rolesBefore = await roles();
    const result = await delegateMailboxApprover(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        environmentUserId: await envUserId("dana"),
        terms: { justification: "Cover", endsAt: null },
        alsoSystemAdministrator: false,
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, code: "0x80090904" });
    expect(await roles()).toBe(rolesBefore);
    const [event] = await eventsOf("DelegationRefused");
    expect(event).toMatchObject({ target_type: "environmentUser", target_id: String(await envUserId("dana")) });
    expect(JSON.parse(event!.after)).toMatchObject({ code: "0x80090904", role: "Delegated Mailbox Approver" });
  });

  it("a role change the rules refuse is logged; Test & Enable refused by policy too", async () => {
    const target = await one<{ id: number; version: number }>(
      "select id, version from environment_users where id = ?",
      await envUserId("bob"),
    );
    const sysAdmin = await one<{ id: number }>(
      "select id from security_roles where environment_id = ? and key = 'system_administrator'",
      await PROD(),
    );
    const saved = await saveUserRoles(
      db,
      await actorOf("cora"),
      {
        environmentId: await PROD(),
        environmentUserId: target.id,
        version: target.version,
        roleIds: [sysAdmin.id],
        terms: { justification: null, endsAt: null },
      },
      ctx,
    );
    expect(saved.ok).toBe(false);
    expect(await eventsOf("RoleChangeRefused")).toHaveLength(1);
    expect(JSON.parse((await eventsOf("RoleChangeRefused"))[0]!.after)).toMatchObject({ roleIds: [sysAdmin.id] });

    const outcomes = await testAndEnableMailboxes(
      db,
      await actorOf("cora"),
      {
        environmentId: await PROD(),
        ids: [(await mailbox("user26@contoso.com")).id, (await mailbox("user27@contoso.com")).id],
      },
      ctx,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["refused", "refused"]);
    expect(await eventsOf("TestAndEnableRefused")).toHaveLength(1);
    expect(JSON.parse((await eventsOf("TestAndEnableRefused"))[0]!.after)).toMatchObject({
      refusedCount: 2,
      selected: 2,
    });
  });

  it("the chain stays whole: every refused event continues the previous hash", async () => {
    const rows = await all<{ prev_hash: string; hash: string }>(
      "select prev_hash, hash from audit_events order by seq",
    );
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });
});

describe("an approval records the rule that allowed it", () => {
  it("a Delegated Mailbox Approver's approval says delegated-approver", async () => {
    await makeDanaApprover(db, ctx);
    await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [await item("user28@contoso.com")], operation: "approve" },
      ctx,
    );
    const [event] = await eventsOf("MailboxApproved");
    expect(JSON.parse(event!.after)).toMatchObject({ emailStatus: "Approved", allowedBy: "delegated-approver" });
  });
});
