import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { demoLookups } from "../testing/demo-lookups";
import {
  heldBack,
  leaseOf as leaseIn,
  leaveRunning,
  planProfileJob,
  profileJobRunner,
  testsPerMailbox as testsIn,
} from "../testing/profile-job-setup";

// The job runner on SQLite itself: a second connection's write lock (SQLITE_BUSY) and SQLite's count
// of the rows a connection wrote (total_changes()). The rest runs on both dialects (lease, runner).

let db: Db;
let dispose: () => Promise<void>;
const { one: q, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

const plan = () => planProfileJob(db, { origin: NO_ORIGIN, now });
const testsPerMailbox = () => testsIn(db);
const leaseOf = (id: number) => leaseIn(db, id);

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

describe("after a server restart", () => {
  it("reading jobs resumes nothing and writes nothing: resuming is the runner's start, at boot", async () => {
    const id = await leaveRunning(db, await plan(), 0, now);
    const afterRestart = profileJobRunner();
    const before = (await q<{ n: number }>("select total_changes() n")).n;
    expect((await afterRestart.listJobs(db, await PROD())).map((j) => j.id)).toContain(id);
    expect(await afterRestart.getJob(db, id)).toMatchObject({ status: "running", done: 0, isActive: true });
    expect((await q<{ n: number }>("select total_changes() n")).n).toBe(before);
  });
});

describe("a busy database", () => {
  it("a batch refused with SQLITE_BUSY is retried with back-off, and the job succeeds with every row done once", async () => {
    const file = db.$client.name;
    db.$client.pragma("busy_timeout = 0");
    const other = new Database(file);
    other.exec("begin immediate");
    const warned = new Promise<void>((resolve) => vi.spyOn(console, "warn").mockImplementation(() => resolve()));
    try {
      const runner = profileJobRunner({ batchSize: 10 });
      const p = await plan();
      other.exec("commit"); // the job row commits; the next lock is taken once it is in
      const { jobId } = await runner.startJob(db, p, heldBack().defer);
      other.exec("begin immediate");
      await runner.runNextBatch(db, jobId);
      await warned;
      expect(await leaseOf(jobId)).toMatchObject({ status: "queued", done: 0 });
      other.exec("commit");
      // The deferred start never came: the retry, due after its back-off, runs the job by itself.
      await runner.settled(jobId);
      expect(await leaseOf(jobId)).toMatchObject({ status: "succeeded", done: 50 });
      expect(await testsPerMailbox()).toHaveLength(50);
      expect(new Set(await testsPerMailbox())).toEqual(new Set([1]));
    } finally {
      vi.restoreAllMocks();
      if (other.inTransaction) other.exec("rollback");
      other.close();
    }
  });
});
