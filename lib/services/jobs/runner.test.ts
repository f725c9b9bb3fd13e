import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { flag, instant } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { bulkJobs } from "@/db/schema";
import { NO_ORIGIN } from "../audit/log";
import { recordDueExpiries } from "../delegation/expiry";
import { createPeriodicTasks } from "./periodic";
import { createJobRunner, type JobKinds } from "./runner";
import type { JobPlan } from "../mailboxes/test-and-enable-job";
import { demoLookups, epochMs } from "../testing/demo-lookups";
import {
  heldBack,
  leaveRunning as leaveRunningIn,
  planProfileJob,
  profileJobRunner,
} from "../testing/profile-job-setup";

// That reading jobs writes nothing (SQLite's total_changes()) is in sqlite.test.ts.

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, run, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

const plan = () => planProfileJob(db, ctx);
const leaveRunning = (p: JobPlan, done: number, kind = p.kind) => leaveRunningIn(db, p, done, now, kind);

const testedIds = async () =>
  new Set(
    (await all<{ target_id: string }>("select target_id from audit_events where action = 'MailboxTested'")).map((r) =>
      Number(r.target_id),
    ),
  );
const statusCounts = async (ids: number[]) => {
  const rows = await all<{ s: number; n: number }>(
    `select mailbox_status s, count(*) n from mailboxes where id in (${ids.join(",")}) group by mailbox_status`,
  );
  return Object.fromEntries(rows.map((r) => [r.s, r.n])) as Record<number, number>;
};

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

describe("Test & Enable Mailboxes on a profile, as a background job", () => {
  it("runs in batches, then ends with a summary that matches the mailboxes' statuses", async () => {
    const runner = profileJobRunner({ batchSize: 10 });
    const p = await plan();
    const { jobId } = await runner.startJob(db, p);
    expect(await runner.getJob(db, jobId)).toMatchObject({ status: "queued", done: 0, total: 50 });
    await runner.settled(jobId);
    const job = (await runner.getJob(db, jobId))!;
    expect(job).toMatchObject({
      status: "succeeded",
      done: 50,
      title: "Test & Enable Mailboxes: Microsoft Exchange Online",
      startedByName: "Sam Sato",
    });
    const counts = await statusCounts(p.itemIds);
    expect(job.result.counts).toEqual({
      succeeded: counts[1] ?? 0,
      failed: counts[2] ?? 0,
      notRun: counts[0] ?? 0,
      refused: 0,
    });
    expect(job.failed).toBe(counts[2]);
    expect(job.result.failures.map((f) => f.name)).toContain("Dave Dunn");
    expect(job.result.failures.find((f) => f.name === "Mark Miller")!.detail).toContain(
      "NoUserWithEmailAddressInTenant",
    );
    expect(
      (await q<{ n: number }>("select count(*) n from audit_events where action = 'TestAndEnableJobStarted'")).n,
    ).toBe(1);
  });

  it("shows progress between batches", async () => {
    const runner = profileJobRunner({ batchSize: 10 });
    const id = await leaveRunning(await plan(), 0);
    await runner.sweep(db); // schedules it; the first batch runs only once this test yields
    expect(await runner.runNextBatch(db, id)).toBe(true);
    expect(await runner.getJob(db, id)).toMatchObject({ status: "running", done: 10 });
    await runner.settled(id);
    expect(await runner.getJob(db, id)).toMatchObject({ status: "succeeded", done: 50 });
  });

  it("a second start for the same profile returns the job already running", async () => {
    const runner = profileJobRunner();
    // Its work held back until both starts are in: on PostgreSQL the second plan's reads wait on the
    // network, long enough for the first job's batches to finish it, when a new start is right.
    const start = heldBack();
    const first = await runner.startJob(db, await plan(), start.defer);
    const second = await runner.startJob(db, await plan());
    expect(second).toEqual({ jobId: first.jobId, isExisting: true });
    start.release();
    await runner.settled(first.jobId);
  });
});

describe("after a server restart", () => {
  it("a job left running is resumed from its last committed batch and finishes", async () => {
    const p = await plan();
    const id = await leaveRunning(p, 20);
    const afterRestart = profileJobRunner({ batchSize: 10 });
    expect(await afterRestart.start(db)).toEqual({ resumed: [id], interrupted: [] });
    await afterRestart.settled(id);
    expect(await afterRestart.getJob(db, id)).toMatchObject({ status: "succeeded", done: 50 });
    const tested = await testedIds();
    expect(p.itemIds.slice(0, 20).some((m) => tested.has(m))).toBe(false);
    expect(p.itemIds.slice(20).every((m) => tested.has(m))).toBe(true);
    await afterRestart.pause(); // stops the heartbeat `start` began, before the database closes
  });

  it("reading jobs resumes nothing: the job's row and the audit log stay as they were", async () => {
    const id = await leaveRunning(await plan(), 0);
    const afterRestart = profileJobRunner();
    const stored = async () => [
      await all("select * from bulk_jobs where id = ?", id),
      await q("select count(*) n from audit_events"),
    ];
    const before = await stored();
    expect((await afterRestart.listJobs(db, await PROD())).map((j) => j.id)).toContain(id);
    expect(await afterRestart.getJob(db, id)).toMatchObject({ status: "running", done: 0, isActive: true });
    expect(await stored()).toEqual(before);
  });

  it("lists by starter, kind and 'active or ended since', each filter's statement kept between calls", async () => {
    const p = await plan();
    const running = await leaveRunning(p, 0);
    const ended = await leaveRunning(p, 0);
    const endedAt = new Date(now.getTime() - 30 * 60_000);
    await db
      .update(bulkJobs)
      .set({ status: "succeeded", finishedAt: endedAt, leaseOwner: null })
      .where(eq(bulkJobs.id, ended));
    const runner = profileJobRunner();
    const ids = async (filter: Parameters<typeof runner.listJobs>[2]) =>
      (await runner.listJobs(db, await PROD(), filter)).map((j) => j.id);
    const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    expect(await ids({ activeOrEndedSince: since(60) })).toEqual([ended, running]);
    expect(await ids({ activeOrEndedSince: since(10) })).toEqual([running]);
    expect(await ids({ startedById: p.startedById, limit: 1 })).toEqual([ended]);
    expect(await ids({ startedById: p.startedById + 1000 })).toEqual([]);
    expect(await ids({ kinds: [p.kind], activeOrEndedSince: since(60) })).toEqual([ended, running]);
    expect(await ids({ kinds: ["no-such-kind"] })).toEqual([]);
    expect(await runner.listJobs(db, (await PROD()) + 1000)).toEqual([]);
  });

  it("a job whose owner is still renewing its lease is left alone", async () => {
    const id = await leaveRunning(await plan(), 0);
    await run(
      "update bulk_jobs set lease_owner = 'alive', lease_expires_at = ? where id = ?",
      instant(new Date(Date.now() + 60_000)),
      id,
    );
    const afterRestart = profileJobRunner();
    expect(await afterRestart.start(db)).toEqual({ resumed: [], interrupted: [] });
    expect((await q<{ owner: string }>("select lease_owner owner from bulk_jobs where id = ?", id)).owner).toBe(
      "alive",
    );
    await afterRestart.pause();
  });

  it("a job whose kind this server cannot run is marked interrupted, never silently lost", async () => {
    const id = await leaveRunning(await plan(), 5, "retired-kind");
    const afterRestart = profileJobRunner();
    expect(await afterRestart.start(db)).toEqual({ resumed: [], interrupted: [id] });
    const job = (await afterRestart.getJob(db, id))!;
    expect(job).toMatchObject({ status: "interrupted", done: 5 });
    expect(job.result.interruptedReason).toMatch(/restarted/);
    expect(job.finishedAt).not.toBeNull();
    await afterRestart.pause();
  });
});

describe("a job that cannot continue", () => {
  it("stops as failed, with a message and no partial batch, when a batch throws", async () => {
    const boom: JobKinds = {
      broken: {
        title: () => "Broken",
        page: "server-profiles",
        failedKeys: [],
        refusedKeys: [],
        runBatch: () => {
          throw new Error("boom");
        },
      },
    };
    const runner = createJobRunner(boom);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const { jobId } = await runner.startJob(db, {
        environmentId: await PROD(),
        kind: "broken",
        params: {},
        itemIds: [1, 2],
        startedById: null,
        now,
      });
      await runner.settled(jobId);
      expect(await runner.getJob(db, jobId)).toMatchObject({
        status: "failed",
        done: 0,
        result: { error: expect.stringContaining("unexpected error") },
      });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it("a starter who lost their sign-in changes nothing: every mailbox is refused, and the job completes with refusals, not succeeded", async () => {
    const runner = profileJobRunner();
    const p = await plan();
    await run("update directory_users set is_enabled = ? where id = ?", flag(false), p.startedById);
    const { jobId } = await runner.startJob(db, p);
    await runner.settled(jobId);
    expect(await runner.getJob(db, jobId)).toMatchObject({
      status: "completed_with_refusals",
      isComplete: true,
      isActive: false,
      failed: 50,
      result: { counts: { refused: 50 } },
    });
    expect((await testedIds()).size).toBe(0);
  });
});

describe("the periodic sweep records expiries", () => {
  it("records a delegation's end at the first sweep after it, dated at the end date", async () => {
    const endsAt = new Date(now.getTime() + 30_000);
    await run(
      `insert into user_role_assignments (environment_user_id, role_id, assigned_at, ends_at, justification)
       select eu.id, r.id, ?, ?, 'Half a sweep' from environment_users eu, security_roles r
       where eu.environment_id = r.environment_id and r.key = 'delegated_mailbox_approver' and eu.email = 'bob@contoso.com' and r.environment_id = ?`,
      instant(now),
      instant(endsAt),
      await PROD(),
    );
    let clock = now;
    const sweep = createPeriodicTasks([{ name: "delegation expiries", run: recordDueExpiries }], {
      everyMs: 60_000,
      clock: () => clock,
    });
    const expired = async () =>
      (await q<{ n: number }>("select count(*) n from audit_events where action = 'RoleExpired'")).n;
    await sweep.runAll(db);
    expect(await expired()).toBe(0);
    clock = new Date(now.getTime() + 60_000);
    await sweep.runAll(db);
    await sweep.runAll(db);
    expect(await expired()).toBe(1);
    expect(
      epochMs((await q<{ at: number | string }>("select at from audit_events where action = 'RoleExpired'")).at),
    ).toBe(endsAt.getTime());
  });
});
