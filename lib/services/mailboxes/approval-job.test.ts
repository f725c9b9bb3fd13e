import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { planApprovalJob } from "./approval-job";
import { BACKGROUND_FROM, precheckApproval } from "./approvals";
import { NO_ORIGIN } from "../audit/log";
import { findEnvironmentPage } from "../settings/environments";
import { findVisibleJob, jobRunner, listVisibleJobs } from "../jobs/app-runner";
import { runApproval } from "./run-approval";
import { addPendingQueueMailboxes, approvalRunner, makeDanaApprover, PENDING } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";
import { heldBack, startProfileJob } from "../testing/profile-job-setup";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, run, PROD, dirId: idOf, actorOf, mailbox, approvalItem: item } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
const count = async (sql: string, ...p: unknown[]) => (await q<{ n: number }>(sql, ...p)).n;

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await makeDanaApprover(db, ctx);
});
afterEach(() => dispose());

describe("approval runs in the background", () => {
  it("a batch-by-batch run decides every row like the one-transaction run: changed, unchanged, refused with reason", async () => {
    const runner = approvalRunner({ batchSize: 4 });
    const stale = await item("user36@contoso.com"); // rejected in the demo; its version moves before the run
    await run("update mailboxes set version = version + 1 where id = ?", stale.id);
    const items = [...(await Promise.all(PENDING.map(item))), await item("user01@contoso.com"), stale];
    const { jobId } = await runner.startJob(
      db,
      await planApprovalJob(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items, operation: "approve" },
        ctx,
      ),
    );
    await runner.settled(jobId);

    const job = (await runner.getJob(db, jobId))!;
    expect(job).toMatchObject({
      status: "completed_with_refusals",
      done: 17,
      total: 17,
      failed: 1,
      title: "Approve Email: 17 mailboxes",
      page: "mailboxes",
      startedByName: "Dana Diaz",
    });
    expect(job.result.counts).toEqual({ changed: 15, unchanged: 1, refused: 1 });
    expect(job.result.failures).toEqual([
      { id: stale.id, name: "Finley Davis", detail: expect.stringContaining("0x80060882 STALE_VERSION") },
    ]);
    expect(await Promise.all(PENDING.map(async (a) => (await mailbox(a)).email_status))).toEqual(PENDING.map(() => 1));
    expect((await mailbox("user36@contoso.com")).email_status).toBe(3);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'MailboxApproved' and actor_upn = 'dana@contoso.com'",
      ),
    ).toBe(15);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'ApprovalJobStarted' and target_id = ?",
        String(jobId),
      ),
    ).toBe(1);
  });

  it("reads the starter's rights again for every batch: once they cannot sign in, the rest is refused and unchanged", async () => {
    const runner = approvalRunner({ batchSize: 5 });
    const p = await planApprovalJob(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: await Promise.all(PENDING.map(item)), operation: "approve" },
      ctx,
    );
    // The test runs the batches itself: the loop startJob schedules waits (on PostgreSQL it would run
    // batches while the test's own statements wait on the network).
    const start = heldBack();
    const { jobId } = await runner.startJob(db, p, start.defer);
    await runner.runNextBatch(db, jobId);
    await run("update directory_users set is_enabled = ? where id = ?", flag(false), await idOf("dana"));
    while (await runner.runNextBatch(db, jobId));
    start.release();

    expect((await runner.getJob(db, jobId))!.result.counts).toEqual({ changed: 5, unchanged: 0, refused: 10 });
    expect(
      (
        await all<{ s: number }>(
          `select email_status s from mailboxes where id in (${p.itemIds.join(",")}) order by id`,
        )
      ).map((r) => r.s),
    ).toEqual([1, 1, 1, 1, 1, ...Array(10).fill(2)]);
    // The loop startJob scheduled finds the job ended; let it stop before the database closes.
    await runner.settled(jobId);
  });

  it('rows chosen by "select all matching" are pinned as they were at OK: one changed meanwhile is refused, not approved', async () => {
    const runner = approvalRunner({ batchSize: 5 });
    const items = await Promise.all(PENDING.map(async (a) => ({ id: (await mailbox(a)).id, version: null })));
    const start = heldBack();
    const { jobId } = await runner.startJob(
      db,
      await planApprovalJob(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items, operation: "approve" },
        ctx,
      ),
      start.defer,
    );
    // Before the first batch runs, someone changes one address.
    await run(
      "update mailboxes set email_address = 'user30.new@contoso.com', version = version + 1 where id = ?",
      (await items[9]!).id,
    );
    start.release();
    await runner.settled(jobId);
    expect((await runner.getJob(db, jobId))!.result).toMatchObject({
      counts: { changed: 14, unchanged: 0, refused: 1 },
      failures: [{ id: (await items[9]!).id, detail: expect.stringContaining("STALE_VERSION") }],
    });
    expect((await mailbox("user30.new@contoso.com")).email_status).toBe(2);
  });

  it("rejects in the background as well, with its own title and events", async () => {
    const runner = approvalRunner({ batchSize: 2 });
    const { jobId } = await runner.startJob(
      db,
      await planApprovalJob(
        db,
        await actorOf("dana"),
        {
          environmentId: await PROD(),
          items: await Promise.all(PENDING.slice(0, 3).map(item)),
          operation: "reject",
          reason: "Duplicate of another mailbox.",
        },
        ctx,
      ),
    );
    await runner.settled(jobId);
    expect(await runner.getJob(db, jobId)).toMatchObject({
      title: "Reject Email: 3 mailboxes",
      result: { counts: { changed: 3, unchanged: 0, refused: 0 } },
    });
    expect(await count("select count(*) n from audit_events where action = 'MailboxRejected'")).toBe(3);
    expect(
      await count(
        "select count(*) n from mailboxes where rejection_reason = 'Duplicate of another mailbox.' and email_status = 3",
      ),
    ).toBe(3);
    expect(await count("select count(*) n from audit_events where action = 'RejectionJobStarted'")).toBe(1);
  });
});

describe("runApproval: at once below the threshold, in the background from it", () => {
  const everyProductionMailbox = async () =>
    (await all<{ id: number }>("select id from mailboxes where environment_id = ? order by id", await PROD())).map(
      (r) => ({
        id: r.id,
        version: null,
      }),
    );

  it("answers a small selection at once, without a job", async () => {
    const run = await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [await item("user21@contoso.com")], operation: "approve" },
      ctx,
    );
    expect(run).toMatchObject({ ok: true, jobId: null, outcomes: [{ outcome: "changed" }] });
    expect(await count("select count(*) n from bulk_jobs")).toBe(0);
  });

  it(`starts a job from ${BACKGROUND_FROM} rows, and the pre-check says so`, async () => {
    await addPendingQueueMailboxes(db, BACKGROUND_FROM, "Intake", now);
    // Every mailbox of the environment but three, plus three ids that do not exist: exactly as many as it holds.
    const real = (await everyProductionMailbox()).slice(3);
    const missing = Array.from({ length: 3 }, (_, i) => ({ id: 900_000 + i, version: null }));
    const input = { environmentId: await PROD(), items: [...real, ...missing], operation: "approve" as const };
    expect(await precheckApproval(db, await actorOf("dana"), input, now)).toMatchObject({ isBackground: true });

    const approvedBefore = await count(
      `select count(*) n from mailboxes where email_status = 1 and id in (${real.map((r) => r.id).join(",")})`,
    );

    const run = await runApproval(db, await actorOf("dana"), input, ctx);
    if (!run.ok || run.jobId === null) throw new Error("expected a background job");
    await jobRunner().settled(run.jobId);
    const job = (await jobRunner().getJob(db, run.jobId))!;
    expect(job).toMatchObject({
      status: "completed_with_refusals",
      total: input.items.length,
      done: input.items.length,
      failed: missing.length,
    });
    expect(job.result.counts).toEqual({
      changed: real.length - approvedBefore,
      unchanged: approvedBefore,
      refused: missing.length,
    });
    expect(job.result.failures[0]).toEqual({
      id: 900_000,
      name: "#900000",
      detail: expect.stringContaining("NOT_FOUND"),
    });
    expect(
      await count(
        `select count(*) n from mailboxes where email_status <> 1 and id in (${real.map((r) => r.id).join(",")})`,
      ),
    ).toBe(0);
    // A paced background run over a thousand rows: more than the default 5 s on a loaded 2-core machine.
  }, 30_000);

  it("refuses to start a background run for someone who may not open the mailboxes grid, and starts nothing", async () => {
    const items = Array.from({ length: BACKGROUND_FROM }, (_, i) => ({ id: i + 1, version: null }));
    expect(
      await runApproval(db, await actorOf("bob"), { environmentId: await PROD(), items, operation: "approve" }, ctx),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await count("select count(*) n from bulk_jobs")).toBe(0);
  });

  it("refuses whole, with no job and no change event, a background run in which the actor can change no row", async () => {
    await addPendingQueueMailboxes(db, BACKGROUND_FROM, "Intake", now);
    const events = await count("select count(*) n from audit_events");
    // cora, System Customizer, may open the grid but approve nothing.
    const run = await runApproval(
      db,
      await actorOf("cora"),
      { environmentId: await PROD(), items: await everyProductionMailbox(), operation: "approve" },
      ctx,
    );
    expect(run).toMatchObject({
      ok: false,
      code: "0x80040256",
      message: expect.stringMatching(/^You cannot approve any of the 1,0\d\d selected mailboxes: /),
    });
    expect(await count("select count(*) n from bulk_jobs")).toBe(0);
    // Only the refused attempt itself, one event for the whole request.
    expect(await count("select count(*) n from audit_events")).toBe(events + 1);
    expect(await count("select count(*) n from audit_events where action = 'MailboxApprovalRefused'")).toBe(1);
  });

  it("refuses a selection with more mailboxes than the environment holds, and a duplicated id counts once", async () => {
    const every = await everyProductionMailbox();
    const tooMany = [...every, { id: 900_000, version: null }];
    expect(
      await runApproval(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items: tooMany, operation: "approve" },
        ctx,
      ),
    ).toMatchObject({ ok: false, reason: "INVALID_INPUT", field: "items" });
    const twice = [await item("user21@contoso.com"), await item("user21@contoso.com")];
    const run = await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: twice, operation: "approve" },
      ctx,
    );
    expect(run).toMatchObject({ ok: true, outcomes: [{ outcome: "changed" }] });
    expect(
      await count(
        "select count(*) n from audit_events where action = 'MailboxApproved' and target_id = ?",
        String((await item("user21@contoso.com")).id),
      ),
    ).toBe(1);
  });

  it("a run is visible to whoever may open the mailboxes grid of its environment, and to nobody through another environment", async () => {
    const { jobId } = await jobRunner().startJob(
      db,
      await planApprovalJob(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items: [await item("user21@contoso.com")], operation: "approve" },
        ctx,
      ),
    );
    expect((await findVisibleJob(db, await actorOf("sam"), "production", jobId, now))?.job).toMatchObject({
      id: jobId,
      page: "mailboxes",
    });
    expect(await findVisibleJob(db, await actorOf("bob"), "production", jobId, now)).toBeNull();
    expect(await findVisibleJob(db, await actorOf("sam"), "sandbox", jobId, now)).toBeNull();
    return jobRunner().settled(jobId);
  });

  it("the Background jobs list shows each viewer the kinds whose page they may open", async () => {
    const approval = (
      await jobRunner().startJob(
        db,
        await planApprovalJob(
          db,
          await actorOf("dana"),
          { environmentId: await PROD(), items: [await item("user22@contoso.com")], operation: "approve" },
          ctx,
        ),
      )
    ).jobId;
    const tande = await startProfileJob(db, ctx);
    await Promise.all([jobRunner().settled(approval), jobRunner().settled(tande)]);
    const listed = async (alias: string) =>
      (
        await listVisibleJobs(
          db,
          (await findEnvironmentPage(db, await actorOf(alias), "production", "mailboxes", now))!,
        )
      ).map((j) => j.id);
    expect(await listed("sam")).toEqual([tande, approval]);
    // A System Customizer reads the mailboxes grid but not server profiles.
    expect(await listed("cora")).toEqual([approval]);
    // Each page lists the runs started from it.
    const fromPage = async (page: "mailboxes" | "server-profiles") =>
      (
        await listVisibleJobs(db, (await findEnvironmentPage(db, await actorOf("sam"), "production", page, now))!, {
          page,
        })
      ).map((j) => j.id);
    expect(await fromPage("server-profiles")).toEqual([tande]);
    expect(await fromPage("mailboxes")).toEqual([approval]);
  });
});
