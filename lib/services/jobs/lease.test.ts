import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { instant } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { LEASE_MS } from "./lease";
import { demoLookups } from "../testing/demo-lookups";
import {
  heldBack,
  leaseOf as leaseIn,
  planProfileJob,
  profileJobRunner,
  testsPerMailbox as testsIn,
} from "../testing/profile-job-setup";

// SQLite's busy database (a batch refused with SQLITE_BUSY) is in sqlite.test.ts.

let db: Db;
let dispose: () => Promise<void>;
const { run } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

const plan = () => planProfileJob(db, { origin: NO_ORIGIN, now });
const testsPerMailbox = () => testsIn(db);
const leaseOf = (id: number) => leaseIn(db, id);

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

describe("one runner per job, with two processes on one database", () => {
  it("the process that started a job holds its lease; another takes nothing while it is renewed", async () => {
    const a = profileJobRunner({ owner: "a", batchSize: 10 });
    const b = profileJobRunner({ owner: "b", batchSize: 10 });
    const start = heldBack();
    const { jobId } = await a.startJob(db, await plan(), start.defer);
    expect(await leaseOf(jobId)).toMatchObject({ owner: "a", status: "queued" });
    expect(await b.sweep(db)).toEqual({ resumed: [], interrupted: [] });
    expect(await b.runNextBatch(db, jobId)).toBe(false);
    expect(await leaseOf(jobId)).toMatchObject({ owner: "a", done: 0 });
  });

  it("once the owner stops renewing, another process takes over from the last batch, and the old owner writes nothing more", async () => {
    const later = new Date(Date.now() + LEASE_MS + 60_000);
    const a = profileJobRunner({ owner: "a", batchSize: 10 });
    const b = profileJobRunner({ owner: "b", batchSize: 10, clock: () => later });
    const { jobId } = await a.startJob(db, await plan(), heldBack().defer);
    expect(await a.runNextBatch(db, jobId)).toBe(true);
    expect(await a.runNextBatch(db, jobId)).toBe(true);

    // a stalls past its lease: b takes the job over where a left it.
    expect(await b.sweep(db)).toEqual({ resumed: [jobId], interrupted: [] });
    expect(await a.runNextBatch(db, jobId)).toBe(false);
    expect(await leaseOf(jobId)).toMatchObject({ owner: "b", done: 20 });
    await b.settled(jobId);

    const job = (await b.getJob(db, jobId))!;
    expect(job).toMatchObject({ status: "succeeded", done: 50 });
    expect(job.result.runs).toEqual([
      expect.objectContaining({ owner: "a", from: 0 }),
      expect.objectContaining({ owner: "b", from: 20 }),
    ]);
    expect(await testsPerMailbox()).toHaveLength(50);
    expect(new Set(await testsPerMailbox())).toEqual(new Set([1]));
    expect(await leaseOf(jobId)).toMatchObject({ owner: null, expires: null });
  });

  it("two processes sweeping at once: exactly one claims a free job", async () => {
    const { jobId } = await profileJobRunner({ owner: "gone" }).startJob(db, await plan(), () => {});
    await run("update bulk_jobs set lease_expires_at = ? where id = ?", instant(new Date(Date.now() - 1)), jobId);
    const [a, b] = [profileJobRunner({ owner: "a" }), profileJobRunner({ owner: "b" })];
    const claims = [(await a.sweep(db)).resumed, (await b.sweep(db)).resumed];
    expect(claims).toEqual([[jobId], []]);
    await a.pause();
  });
});

describe("shutdown", () => {
  it("SIGTERM between two batches records the job as paused with its lease let go; the next start resumes it where it stopped", async () => {
    const before = profileJobRunner({ owner: "before", batchSize: 10 });
    const { jobId } = await before.startJob(db, await plan(), heldBack().defer);
    await before.runNextBatch(db, jobId);
    expect(await before.pause()).toEqual([jobId]);
    await before.settled(jobId);
    expect(await leaseOf(jobId)).toMatchObject({ status: "paused", owner: null, expires: null, done: 10 });
    expect(await before.getJob(db, jobId)).toMatchObject({ status: "paused", isActive: true, isComplete: false });

    const after = profileJobRunner({ owner: "after", batchSize: 10 });
    expect(await after.start(db)).toEqual({ resumed: [jobId], interrupted: [] });
    await after.settled(jobId);
    await after.pause(); // stops the heartbeat `start` began
    expect(await leaseOf(jobId)).toMatchObject({ status: "succeeded", done: 50 });
    expect(new Set(await testsPerMailbox())).toEqual(new Set([1]));
  });

  it("a job started while the server shuts down is committed unleased, for the next server", async () => {
    const runner = profileJobRunner({ owner: "stopping" });
    await runner.pause();
    const { jobId } = await runner.startJob(db, await plan());
    expect(await leaseOf(jobId)).toMatchObject({ status: "queued", owner: null });
  });
});

describe("the starter gets an answer first", () => {
  it("the job is committed when startJob returns, and no batch runs until the deferred start", async () => {
    const runner = profileJobRunner({ batchSize: 10 });
    const other = await runner.startJob(db, { ...(await plan()), dedupeKey: "other" });
    const start = heldBack();
    const { jobId } = await runner.startJob(db, await plan(), start.defer);
    await runner.settled(other.jobId); // the loop turned many times meanwhile
    expect(await leaseOf(jobId)).toMatchObject({ status: "queued", done: 0 });
    start.release();
    await runner.settled(jobId);
    expect(await leaseOf(jobId)).toMatchObject({ status: "succeeded", done: 50 });
  });
});
