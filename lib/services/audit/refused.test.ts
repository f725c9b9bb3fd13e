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
let dispose: () => void;
const { one, all, PROD, actorOf, envUserId, mailbox, approvalItem: item } = demoLookups(() => db);
const now = new Date();
const ctx = { origin: NO_ORIGIN, now };
type Event = { action: string; target_type: string | null; target_id: string | null; after: string; reason: string };
const eventsOf = (action: string) =>
  all<Event>(
    "select action, target_type, target_id, after, reason from audit_events where action = ? order by seq",
    action,
  );

beforeAll(() => ({ db, dispose } = createTestDb({ demo: true })));
afterAll(() => dispose());

describe("refused attempts of privileged actions", () => {
  it("a System Administrator who is neither tenant admin nor delegate approves three: one refused event for the request, nothing approved", async () => {
    const addresses = ["user21@contoso.com", "user22@contoso.com", "user23@contoso.com"];
    const before = addresses.map((a) => mailbox(a).email_status);
    const run = await runApproval(
      db,
      await actorOf("sam"),
      { environmentId: PROD(), items: addresses.map(item), operation: "approve" },
      ctx,
    );
    expect(run.ok && run.outcomes?.map((o) => o.reason)).toEqual(Array(3).fill("NOT_TENANT_ADMIN_OR_DMA"));
    expect(addresses.map((a) => mailbox(a).email_status)).toEqual(before);
    expect(eventsOf("MailboxApproved")).toHaveLength(0);
    const [event, ...more] = eventsOf("MailboxApprovalRefused");
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
    const { id } = mailbox("user24@contoso.com");
    await runApproval(
      db,
      await actorOf("sam"),
      { environmentId: PROD(), items: [item("user24@contoso.com")], operation: "reject", reason: "Not ours" },
      ctx,
    );
    const [event] = eventsOf("MailboxRejectionRefused");
    expect(event).toMatchObject({ target_type: "mailbox", target_id: String(id) });
    expect(JSON.parse(event!.after)).not.toHaveProperty("refusedCount");
  });

  it("a refusal that is not a rule (a stale version) is not logged as a refused attempt", async () => {
    const count = eventsOf("MailboxApprovalRefused").length;
    const stale = { ...item("user25@contoso.com"), version: 999 };
    await runApproval(db, await actorOf("dana"), { environmentId: PROD(), items: [stale], operation: "approve" }, ctx);
    expect(eventsOf("MailboxApprovalRefused")).toHaveLength(count);
  });

  it("delegating without being a Global or Exchange admin is refused, logged with the user as target, and changes nothing", async () => {
    const roles = () => one<{ n: number }>("select count(*) n from user_role_assignments").n;
    const rolesBefore = roles();
    const result = await delegateMailboxApprover(
      db,
      await actorOf("sam"),
      {
        environmentId: PROD(),
        environmentUserId: envUserId("dana"),
        terms: { justification: "Cover", endsAt: null },
        alsoSystemAdministrator: false,
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, code: "0x80090904" });
    expect(roles()).toBe(rolesBefore);
    const [event] = eventsOf("DelegationRefused");
    expect(event).toMatchObject({ target_type: "environmentUser", target_id: String(envUserId("dana")) });
    expect(JSON.parse(event!.after)).toMatchObject({ code: "0x80090904", role: "Delegated Mailbox Approver" });
  });

  it("a role change the rules refuse is logged; Test & Enable refused by policy too", async () => {
    const target = one<{ id: number; version: number }>(
      "select id, version from environment_users where id = ?",
      envUserId("bob"),
    );
    const sysAdmin = one<{ id: number }>(
      "select id from security_roles where environment_id = ? and key = 'system_administrator'",
      PROD(),
    );
    const saved = await saveUserRoles(
      db,
      await actorOf("cora"),
      {
        environmentId: PROD(),
        environmentUserId: target.id,
        version: target.version,
        roleIds: [sysAdmin.id],
        terms: { justification: null, endsAt: null },
      },
      ctx,
    );
    expect(saved.ok).toBe(false);
    expect(eventsOf("RoleChangeRefused")).toHaveLength(1);
    expect(JSON.parse(eventsOf("RoleChangeRefused")[0]!.after)).toMatchObject({ roleIds: [sysAdmin.id] });

    const outcomes = await testAndEnableMailboxes(
      db,
      await actorOf("cora"),
      { environmentId: PROD(), ids: [mailbox("user26@contoso.com").id, mailbox("user27@contoso.com").id] },
      ctx,
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["refused", "refused"]);
    expect(eventsOf("TestAndEnableRefused")).toHaveLength(1);
    expect(JSON.parse(eventsOf("TestAndEnableRefused")[0]!.after)).toMatchObject({ refusedCount: 2, selected: 2 });
  });

  it("the chain stays whole: every refused event continues the previous hash", () => {
    const rows = all<{ prev_hash: string; hash: string }>("select prev_hash, hash from audit_events order by seq");
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });
});

describe("an approval records the rule that allowed it", () => {
  it("a Delegated Mailbox Approver's approval says delegated-approver", async () => {
    await makeDanaApprover(db, ctx);
    await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: PROD(), items: [item("user28@contoso.com")], operation: "approve" },
      ctx,
    );
    const [event] = eventsOf("MailboxApproved");
    expect(JSON.parse(event!.after)).toMatchObject({ emailStatus: "Approved", allowedBy: "delegated-approver" });
  });
});
