import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { flag } from "@/db/sql";
import { NO_ORIGIN } from "../audit/log";
import { precheckApproval, setApproval } from "./approvals";
import { runApproval } from "./run-approval";
import { changeMailboxAddress } from "./changes";
import { cursorOf, listMailboxes, type Cursor } from "./grid";
import { makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, PROD, actorOf, mailbox: mailboxRow, approvalItem: item } = demoLookups(() => db);
const now = new Date();
const ctx = { origin: NO_ORIGIN, now };
const mailbox = async (address: string) =>
  await mailboxRow<{
    id: number;
    version: number;
    email_status: number;
    approved_by_name: string | null;
    is_approved_by_tenant_admin: number | boolean;
    rejection_reason: string | null;
  }>(address);
const events = async (action: string) =>
  (await q<{ n: number }>("select count(*) n from audit_events where action = ?", action)).n;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await makeDanaApprover(db, ctx);
});
afterAll(() => dispose());

describe("approving and rejecting mailboxes", () => {
  it("the pre-check counts what will change, what is already so, and what is refused and why", async () => {
    const items = await Promise.all(["user21@contoso.com", "user22@contoso.com", "user01@contoso.com"].map(item));
    expect(
      await precheckApproval(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items, operation: "approve" },
        now,
      ),
    ).toEqual({
      willChange: 2,
      changes: [{ from: 2, isSyncGated: true, count: 2, sample: ["Alex Clark", "Blake Clark"] }],
      unchanged: 1,
      refused: [],
      isBackground: false,
    });
    const forSam = await precheckApproval(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), items, operation: "approve" },
      now,
    );
    expect(forSam).toMatchObject({
      willChange: 0,
      unchanged: 0,
      refused: [{ reason: "NOT_TENANT_ADMIN_OR_DMA", count: 3 }],
    });
  });

  it("the pre-check groups the rows that change by their status now: approved ones stop syncing first", async () => {
    const items = await Promise.all(
      ["user21@contoso.com", "user36@contoso.com", "user01@contoso.com", "user02@contoso.com"].map(item),
    );
    const check = await precheckApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items, operation: "reject" },
      now,
    );
    expect(check.changes.map(({ from, isSyncGated, count }) => ({ from, isSyncGated, count }))).toEqual([
      { from: 1, isSyncGated: true, count: 2 },
      { from: 2, isSyncGated: true, count: 1 },
    ]);
    expect(check.unchanged).toBe(1);
  });

  it("dana approves: status, approver, tenant-admin flag, version, one event per changed mailbox", async () => {
    const before = await events("MailboxApproved");
    const results = await setApproval(
      db,
      await actorOf("dana"),
      {
        environmentId: await PROD(),
        items: await Promise.all(["user23@contoso.com", "user02@contoso.com"].map(item)),
        operation: "approve",
      },
      ctx,
    );
    expect(results.map((r) => r.outcome)).toEqual(["changed", "unchanged"]);
    expect(await mailbox("user23@contoso.com")).toMatchObject({
      email_status: 1,
      approved_by_name: "Dana Diaz",
      is_approved_by_tenant_admin: flag(true),
    });
    expect(await events("MailboxApproved")).toBe(before + 1);
  });

  it("refuses a row whose version moved since it was loaded, and changes nothing for it", async () => {
    const seen = await item("user24@contoso.com");
    await changeMailboxAddress(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        mailboxId: seen.id,
        version: seen.version!,
        emailAddress: "user24.new@contoso.com",
      },
      ctx,
    );
    const [result] = await setApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [seen], operation: "approve" },
      ctx,
    );
    expect(result).toMatchObject({ outcome: "refused", reason: "STALE_VERSION" });
    expect((await mailbox("user24.new@contoso.com")).email_status).toBe(2);
  });

  it("rejecting clears the approver, stores the reason on the mailbox and keeps who did it and why in the audit log", async () => {
    const [result] = await setApproval(
      db,
      await actorOf("dana"),
      {
        environmentId: await PROD(),
        items: [await item("user03@contoso.com")],
        operation: "reject",
        reason: "  This person no longer works here.  ",
      },
      ctx,
    );
    expect(result!.outcome).toBe("changed");
    expect(await mailbox("user03@contoso.com")).toMatchObject({
      email_status: 3,
      approved_by_name: null,
      is_approved_by_tenant_admin: flag(false),
      rejection_reason: "This person no longer works here.",
    });
    expect(
      await q(
        "select actor_upn, before, after, reason from audit_events where action = 'MailboxRejected' and target_label like '%user03%'",
      ),
    ).toEqual({
      actor_upn: "dana@contoso.com",
      before: JSON.stringify({ emailStatus: "Approved" }),
      after: JSON.stringify({
        emailStatus: "Rejected",
        allowedBy: "delegated-approver",
        rejectionReason: "This person no longer works here.",
      }),
      reason: "This person no longer works here.",
    });
  });

  it("a rejection without a reason is refused as bad input, with nothing written", async () => {
    const before = await mailbox("user04@contoso.com");
    for (const reason of [undefined, "   ", "x".repeat(501)])
      expect(
        await runApproval(
          db,
          await actorOf("dana"),
          { environmentId: await PROD(), items: [await item("user04@contoso.com")], operation: "reject", reason },
          ctx,
        ),
      ).toMatchObject({ ok: false, reason: "INVALID_INPUT", field: "reason" });
    expect(await mailbox("user04@contoso.com")).toEqual(before);
  });

  it("a mailbox of another environment is refused as not found", async () => {
    const sandboxBox = await q<{ id: number; version: number }>(
      "select m.id, m.version from mailboxes m join environments e on e.id = m.environment_id where e.slug = 'sandbox' limit 1",
    );
    const [result] = await setApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [sandboxBox], operation: "approve" },
      ctx,
    );
    expect(result).toEqual({
      id: sandboxBox.id,
      name: `#${sandboxBox.id}`,
      outcome: "refused",
      code: "NOT_FOUND",
      reason: "NOT_VISIBLE",
      message: expect.stringMatching(/^Not found/),
    });
  });
});

describe("changing an email address", () => {
  it("sends an approved mailbox back to Pending Approval, clears approval and tests, and moves the user's address too", async () => {
    const before = await mailbox("user04@contoso.com");
    const result = await changeMailboxAddress(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        mailboxId: before.id,
        version: before.version,
        emailAddress: "User04.Moved@contoso.com",
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: true });
    expect(
      await q(
        "select email_status, approved_by_id, is_approved_by_tenant_admin, incoming_status, outgoing_status, act_status, mailbox_status from mailboxes where id = ?",
        before.id,
      ),
    ).toEqual({
      email_status: 2,
      approved_by_id: null,
      is_approved_by_tenant_admin: flag(false),
      incoming_status: 0,
      outgoing_status: 0,
      act_status: 0,
      mailbox_status: 0,
    });
    expect(
      await q(
        "select email from environment_users where id = (select regarding_user_id from mailboxes where id = ?)",
        before.id,
      ),
    ).toEqual({ email: "user04.moved@contoso.com" });
  });

  it("refuses a Basic User changing someone else's address, and a duplicate address", async () => {
    const other = await mailbox("user05@contoso.com");
    expect(
      await changeMailboxAddress(
        db,
        await actorOf("bob"),
        {
          environmentId: await PROD(),
          mailboxId: other.id,
          version: other.version,
          emailAddress: "x@contoso.com",
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, reason: "NO_WRITE_PRIVILEGE" });
    expect(
      await changeMailboxAddress(
        db,
        await actorOf("sam"),
        {
          environmentId: await PROD(),
          mailboxId: other.id,
          version: other.version,
          emailAddress: "user06@contoso.com",
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, field: "emailAddress" });
  });
});

describe("the mailbox grid", () => {
  const query = async (sort: "name" | "email" | "approvedBy", after: Cursor | null, before: Cursor | null = null) =>
    listMailboxes(db, {
      environmentId: await PROD(),
      view: "active",
      q: "",
      sort,
      dir: "asc",
      after,
      before,
      ownEnvironmentUserId: null,
    });

  it.each(["name", "email", "approvedBy"] as const)(
    "pages by keyset on %s with no row lost or repeated, forwards and back",
    async (sort) => {
      if ((await q<{ n: number }>("select count(*) n from mailboxes where name like 'Bulk %'")).n === 0) {
        const environmentId = await PROD();
        // Duplicate names on purpose: the id breaks ties so no row falls between two pages.
        await db.insert(mailboxes).values(
          Array.from({ length: 130 }, (_, i) => ({
            environmentId,
            name: `Bulk ${String(i % 40).padStart(2, "0")}`,
            emailAddress: `bulk${i}@contoso.com`,
            regardingType: "queue" as const,
            createdAt: now,
          })),
        );
      }
      const total = (
        await q<{ n: number }>(
          "select count(*) n from mailboxes where environment_id = ? and is_active = ?",
          await PROD(),
          flag(true),
        )
      ).n;
      const pages = [];
      let result = await query(sort, null);
      pages.push(result.rows);
      while (result.hasNext) {
        result = await query(sort, cursorOf(result.rows.at(-1)!, sort));
        pages.push(result.rows);
      }
      const ids = pages.flat().map((r) => r.id);
      expect(result.total).toBe(total);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(pages.length).toBe(Math.ceil(total / 50));
      // Previous from the last page gives the page before it.
      const back = await query(sort, null, cursorOf(pages.at(-1)![0]!, sort));
      expect(back.rows.map((r) => r.id)).toEqual(pages.at(-2)!.map((r) => r.id));
      expect(back.hasPrevious).toBe(pages.length > 2);
    },
  );
});
