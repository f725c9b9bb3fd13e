import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { planApprovalJob } from "../mailboxes/approval-job";
import { NO_ORIGIN } from "../audit/log";
import { approvalRunner, makeDanaApprover, PENDING } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";
import { cancelJob } from "./cancel";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, PROD, actorOf, approvalItem } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
const approvedCount = async () =>
  (
    await q<{ n: number }>(
      `select count(*) n from mailboxes where environment_id = ? and email_status = 1 and email_address in (${PENDING.map(() => "?").join(",")})`,
      await PROD(),
      ...PENDING,
    )
  ).n;

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  // Dana approves as Delegated Mailbox Approver: the runs here are hers.
  await makeDanaApprover(db, ctx);
});
afterEach(() => dispose());

/** A run of 15 rows in batches of 4 that dana started; its batches run only when the test says. */
async function startedRun() {
  const runner = approvalRunner({ batchSize: 4 });
  const plan = await planApprovalJob(
    db,
    await actorOf("dana"),
    { environmentId: await PROD(), items: await Promise.all(PENDING.map(approvalItem)), operation: "approve" },
    ctx,
  );
  const { jobId } = await runner.startJob(db, plan, () => {});
  return { runner, jobId, ref: { slug: "production", jobId } };
}

describe("cancelling a background job", () => {
  it("stops after the batch in hand: the job ends cancelled with what it did, and one audit event says who", async () => {
    const { runner, jobId, ref } = await startedRun();
    expect(await runner.runNextBatch(db, jobId)).toBe(true);
    expect(await approvedCount()).toBe(4);

    expect(await cancelJob(db, await actorOf("dana"), ref, ctx)).toMatchObject({ ok: true, done: 4, total: 15 });
    // The runner's next turn finds the job ended and lets it go: nothing more changes.
    expect(await runner.runNextBatch(db, jobId)).toBe(false);
    expect(await approvedCount()).toBe(4);
    expect(await runner.getJob(db, jobId)).toMatchObject({
      status: "cancelled",
      isActive: false,
      isComplete: false,
      done: 4,
      total: 15,
      result: { counts: { changed: 4, unchanged: 0, refused: 0 }, cancelledBy: "Dana Diaz" },
    });
    const event = await q<{ actor_upn: string; after: string }>(
      "select actor_upn, after from audit_events where action = 'JobCancelled' and target_id = ?",
      String(jobId),
    );
    expect(event.actor_upn).toBe("dana@contoso.com");
    expect(JSON.parse(event.after)).toMatchObject({ status: "cancelled", done: 4, total: 15 });
  });

  it("someone who sees the job but neither started it nor is a tenant admin is refused, and nothing changes", async () => {
    const { runner, jobId, ref } = await startedRun();
    expect(await cancelJob(db, await actorOf("sam"), ref, ctx)).toMatchObject({
      ok: false,
      code: "0x80040220",
      reason: "NOT_STARTER_OR_TENANT_ADMIN",
    });
    expect((await runner.getJob(db, jobId))!.isActive).toBe(true);
    expect((await q<{ n: number }>("select count(*) n from audit_events where action = 'JobCancelled'")).n).toBe(0);
  });

  it("someone who may not see the job is told it is not found", async () => {
    const { ref } = await startedRun();
    expect(await cancelJob(db, await actorOf("bob"), ref, ctx)).toMatchObject({ ok: false, reason: "NOT_VISIBLE" });
    expect(await cancelJob(db, await actorOf("dana"), { ...ref, slug: "sandbox" }, ctx)).toMatchObject({
      ok: false,
      reason: "NOT_VISIBLE",
    });
  });

  it("a tenant admin who sees the job may cancel it though someone else started it", async () => {
    const { jobId, runner, ref } = await startedRun();
    expect(await cancelJob(db, await actorOf("evan"), ref, ctx)).toMatchObject({ ok: true, done: 0 });
    expect(await runner.getJob(db, jobId)).toMatchObject({
      status: "cancelled",
      result: { cancelledBy: "Evan Evans" },
    });
  });

  it("a job that ended cannot be cancelled", async () => {
    const { ref } = await startedRun();
    expect(await cancelJob(db, await actorOf("dana"), ref, ctx)).toMatchObject({ ok: true });
    expect(await cancelJob(db, await actorOf("dana"), ref, ctx)).toMatchObject({ ok: false, reason: "JOB_ENDED" });
  });
});
