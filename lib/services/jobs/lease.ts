import "server-only";
import { first } from "@/db/query";
import { forUpdate } from "@/db/sql";
import { withTransaction } from "@/db/transaction";
import crypto from "node:crypto";
import os from "node:os";
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bulkJobs } from "@/db/schema";
import { ACTIVE_STATUSES, EMPTY_RESULT, type JobResult } from "./types";

/**
 * The lease that lets one process, and only one, run a job when several servers share a database.
 * The owner renews it with every batch and every heartbeat; another process may take the job over
 * only once it has expired. Every batch checks the lease inside its own transaction, so even a
 * process that lost it (stalled past the expiry) cannot write one more batch.
 *
 * On PostgreSQL several servers claim at once: a claim reads the job `FOR UPDATE SKIP LOCKED`
 * (db/sql.ts, forUpdate), so it checks the lease on the row as it is now and holds the row to its
 * commit, and passes over a job whose row another transaction holds (its owner's batch or
 * heartbeat, another server's claim) instead of waiting to take it from under them. A batch holds
 * its job's row the same way (FOR UPDATE) from its lease check to its commit (batch.ts).
 *
 * LEASE_MS is short because it is also how long a job waits after its server was killed: a server
 * that restarts resumes it within that time, without anyone opening a page.
 */
export const LEASE_MS = 3000;
export const HEARTBEAT_MS = 1000;
const MAX_RUNS_KEPT = 20;

/** A process's name in leases: host and pid for people reading the table; a random part so a reused pid is never taken for its predecessor. */
export function newOwnerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

const expiry = (now: Date) => new Date(now.getTime() + LEASE_MS);
const isClaimable = (now: Date) =>
  and(inArray(bulkJobs.status, ACTIVE_STATUSES), or(isNull(bulkJobs.leaseExpiresAt), lt(bulkJobs.leaseExpiresAt, now)));

/**
 * Jobs that no live process holds: queued by a process that never leased them, paused at a
 * shutdown, or whose owner stopped renewing. Only a list of candidates: claimJob decides.
 */
export async function claimableJobs(db: Db, now: Date): Promise<{ id: number; kind: string }[]> {
  return await db
    .select({ id: bulkJobs.id, kind: bulkJobs.kind })
    .from(bulkJobs)
    .where(isClaimable(now))
    .orderBy(bulkJobs.id);
}

/** The lease columns of a job taken by `owner` now: what a claim and a new job both write. */
export function leaseFor(owner: string, now: Date) {
  return { leaseOwner: owner, leaseHeartbeatAt: now, leaseExpiresAt: expiry(now) };
}

export const NO_LEASE = { leaseOwner: null, leaseExpiresAt: null };

/** The job's history with one more run: who took it, when, and from which item. */
export function withRun(result: JobResult | null, owner: string, now: Date, from: number): JobResult {
  const base = result ?? EMPTY_RESULT;
  return { ...base, runs: [...(base.runs ?? []), { owner, at: now.toISOString(), from }].slice(-MAX_RUNS_KEPT) };
}

/**
 * Takes a job nobody holds, in one immediate transaction, its row locked from the check to the
 * write. False when another process got it first, or holds its row right now.
 */
export async function claimJob(db: Db, jobId: number, owner: string, now: Date): Promise<boolean> {
  return await withTransaction(db, async () => {
    const job = await first(
      forUpdate(
        db
          .select({ status: bulkJobs.status, done: bulkJobs.done, result: bulkJobs.result })
          .from(bulkJobs)
          .where(and(eq(bulkJobs.id, jobId), isClaimable(now)))
          .limit(1),
        { skipLocked: true },
      ),
    );
    if (!job) return false;
    await db
      .update(bulkJobs)
      .set({
        ...leaseFor(owner, now),
        status: job.status === "queued" ? "queued" : "running",
        result: withRun(job.result as JobResult | null, owner, now, job.done),
      })
      .where(eq(bulkJobs.id, jobId));
    return true;
  });
}

/** The heartbeat: pushes back the expiry of the jobs `owner` runs and returns those it still holds. */
export async function renewLeases(db: Db, owner: string, jobIds: number[], now: Date): Promise<Set<number>> {
  if (jobIds.length === 0) return new Set();
  const renewed = await db
    .update(bulkJobs)
    .set({ leaseHeartbeatAt: now, leaseExpiresAt: expiry(now) })
    .where(and(inArray(bulkJobs.id, jobIds), eq(bulkJobs.leaseOwner, owner), inArray(bulkJobs.status, ACTIVE_STATUSES)))
    .returning({ id: bulkJobs.id });
  return new Set(renewed.map((r) => r.id));
}

/** At shutdown, between two batches: every job `owner` holds becomes paused and free for the next server to resume at once. */
export async function pauseLeasedJobs(db: Db, owner: string, now: Date): Promise<number[]> {
  return (
    await db
      .update(bulkJobs)
      .set({ status: "paused", ...NO_LEASE, leaseHeartbeatAt: now })
      .where(and(eq(bulkJobs.leaseOwner, owner), inArray(bulkJobs.status, ["queued", "running"])))
      .returning({ id: bulkJobs.id })
  ).map((r) => r.id);
}
