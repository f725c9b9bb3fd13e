import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { approvalRunner, makeDanaApprover } from "../testing/approval-setup";
import { demoLookups, epochMs } from "../testing/demo-lookups";
import { planApprovalJob } from "./approval-job";
import type { ApprovalOperation } from "./approvals";
import { runApproval } from "./run-approval";
import { testAndEnableMailboxes } from "./test-and-enable";

let db: Db;
let dispose: () => Promise<void>;
const { all, envId, dirId, actorOf, mailbox: mailboxRow } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
type Row = {
  id: number;
  name: string;
  email_address: string;
  version: number;
  email_status: number;
  approved_by_id: number | null;
  approved_by_name: string | null;
  approved_on: number | null;
  is_approved_by_tenant_admin: number | boolean;
};
/** The row as stored, its approval instant in epoch milliseconds on either dialect. */
const mailbox = async (address: string, slug = "production"): Promise<Row> => {
  const row = await mailboxRow<Row & { approved_on: number | string | null }>(address, slug);
  return { ...row, approved_on: epochMs(row.approved_on) };
};
type Event = {
  action: string;
  actor_upn: string;
  target_type: string;
  target_label: string;
  before: string;
  after: string;
};
const eventsOf = async (mailboxId: number) =>
  await all<Event>(
    "select action, actor_upn, target_type, target_label, before, after from audit_events where target_type = 'mailbox' and target_id = ? and action like 'Mailbox%ed' and action <> 'MailboxTested' order by seq",
    String(mailboxId),
  );

/** A rejection needs a reason (DOMAIN §11); every path stores and audits the same one. */
const REASON = "This person no longer works here.";
const reasonFor = (operation: ApprovalOperation) => (operation === "reject" ? REASON : null);

/** Through the grid's Approve / Reject: a selection under the background threshold, answered at once. */
async function viaGrid(operation: ApprovalOperation, address: string) {
  const { id, version } = await mailbox(address);
  const run = await runApproval(
    db,
    await actorOf("dana"),
    { environmentId: await envId("production"), items: [{ id, version }], operation, reason: reasonFor(operation) },
    ctx,
  );
  expect(run).toMatchObject({ ok: true, jobId: null, outcomes: [{ outcome: "changed" }] });
}

/** Through the background job, batch by batch. */
async function viaJob(operation: ApprovalOperation, address: string) {
  const runner = approvalRunner({ batchSize: 1, clock: () => now });
  const { id, version } = await mailbox(address);
  const input = {
    environmentId: await envId("production"),
    items: [{ id, version }],
    operation,
    reason: reasonFor(operation),
  };
  const { jobId } = await runner.startJob(db, await planApprovalJob(db, await actorOf("dana"), input, ctx));
  await runner.settled(jobId);
  expect((await runner.getJob(db, jobId))!.result.counts).toEqual({ changed: 1, unchanged: 0, refused: 0 });
}

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  // dana, System Administrator of Production, approves as a Delegated Mailbox Approver.
  await makeDanaApprover(db, ctx);
});
afterEach(() => dispose());

describe("one writer marks a mailbox approved or rejected, whichever path does it", () => {
  it("the grid's run, the background job and Test & Enable's self-approval write the same row and the same event", async () => {
    const before = { grid: await mailbox("user21@contoso.com"), job: await mailbox("user22@contoso.com") };
    const bob = await mailbox("bob@contoso.com", "sandbox");
    expect([before.grid.email_status, (await before.job).email_status, bob.email_status]).toEqual([2, 2, 2]);

    await viaGrid("approve", "user21@contoso.com");
    await viaJob("approve", "user22@contoso.com");
    const [tested] = await testAndEnableMailboxes(
      db,
      await actorOf("bob"),
      { environmentId: await envId("sandbox"), ids: [bob.id] },
      ctx,
    );
    expect(tested!.message).toContain("Approved by self-approval.");

    const approvedBy = async (who: string, isTenantAdmin: boolean) => ({
      email_status: 1,
      approved_by_id: await dirId(who),
      approved_by_name: who === "dana" ? "Dana Diaz" : "Bob Brown",
      approved_on: now.getTime(),
      is_approved_by_tenant_admin: flag(isTenantAdmin),
    });
    expect(await mailbox("user21@contoso.com")).toMatchObject({
      ...(await approvedBy("dana", true)),
      version: before.grid.version + 1,
    });
    expect(await mailbox("user22@contoso.com")).toMatchObject({
      ...(await approvedBy("dana", true)),
      version: (await before.job).version + 1,
    });
    expect(await mailbox("bob@contoso.com", "sandbox")).toMatchObject({
      ...(await approvedBy("bob", false)),
      version: bob.version + 1,
    });

    const event = (row: Row, upn: string, after: Record<string, string>): Event => ({
      action: "MailboxApproved",
      actor_upn: upn,
      target_type: "mailbox",
      target_label: `${row.name} <${row.email_address}>`,
      before: JSON.stringify({ emailStatus: "Pending Approval" }),
      after: JSON.stringify(after),
    });
    // Dana approves as a Delegated Mailbox Approver: the delegations list reads that mark back.
    const byDana = {
      emailStatus: "Approved",
      approvedBy: "Dana Diaz",
      allowedBy: "delegated-approver",
      approvedWith: "Delegated Mailbox Approver",
    };
    expect(await eventsOf(before.grid.id)).toEqual([event(await before.grid, "dana@contoso.com", byDana)]);
    expect(await eventsOf((await before.job).id)).toEqual([event(await before.job, "dana@contoso.com", byDana)]);
    expect(await eventsOf(bob.id)).toEqual([
      event(await bob, "bob@contoso.com", {
        emailStatus: "Approved",
        approvedBy: "Bob Brown",
        allowedBy: "self-approval",
        via: "Self-approval (Test & Enable)",
      }),
    ]);
  });

  it("the grid's run and the background job reject the same way: approver cleared, one event each", async () => {
    const grid = await mailbox("user01@contoso.com");
    const job = await mailbox("user02@contoso.com");
    await viaGrid("reject", "user01@contoso.com");
    await viaJob("reject", "user02@contoso.com");
    const rejected = {
      email_status: 3,
      approved_by_id: null,
      approved_by_name: null,
      approved_on: null,
      is_approved_by_tenant_admin: flag(false),
    };
    expect(await mailbox("user01@contoso.com")).toMatchObject({ ...rejected, version: grid.version + 1 });
    expect(await mailbox("user02@contoso.com")).toMatchObject({ ...rejected, version: job.version + 1 });
    for (const row of [grid, job])
      expect(await eventsOf((await row).id)).toEqual([
        {
          action: "MailboxRejected",
          actor_upn: "dana@contoso.com",
          target_type: "mailbox",
          target_label: `${(await row).name} <${(await row).email_address}>`,
          before: JSON.stringify({ emailStatus: "Approved" }),
          after: JSON.stringify({ emailStatus: "Rejected", allowedBy: "delegated-approver", rejectionReason: REASON }),
        },
      ]);
  });

  it("no other code names an approver on a mailbox or records an approval event", () => {
    const writes = /"Mailbox(Approved|Rejected)"|approvedById:(?!\s*null)|approved_by_id\s*=/;
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(file);
        return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
      });
    const writers = ["lib", "app", "components"]
      .flatMap((dir) => sources(path.resolve(dir)))
      .filter((file) => writes.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(process.cwd(), file));
    expect(writers).toEqual(["lib/services/mailboxes/approval-writer.ts"]);
  });
});
