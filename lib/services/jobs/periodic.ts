import "server-only";
import type { Db } from "@/db/client";
import { recordDueExpiries } from "../delegation/expiry";
import { sendExpiryReminders } from "../delegation/expiry-reminders";
import { sendApproverDigests } from "../notifications/digests";
import { startEmailDelivery } from "../notifications/delivery";
import { applyDueReviews } from "../reviews/apply";
import { isTransientDbError } from "@/db/errors";

/**
 * Work done on a clock rather than on request: started with the job runner at server boot, each
 * task runs at once and then every MAILGATE_SWEEP_SECONDS (default 60), never from a page view.
 * Every task must be safe to run twice and on two servers at once: each guards its own writes
 * (dedupe keys, state checked inside an immediate transaction).
 */
export type PeriodicTask = { name: string; run: (db: Db, now: Date) => Promise<unknown> };

export const PERIODIC_TASKS: PeriodicTask[] = [
  // Expiries reach the audit log within one sweep of the end date, dated at the end date.
  { name: "delegation expiries", run: recordDueExpiries },
  { name: "delegation expiry reminders", run: sendExpiryReminders },
  { name: "due access reviews", run: applyDueReviews },
  { name: "approvers' digests", run: sendApproverDigests },
  // Last, so what the tasks above wrote goes out in this sweep. It sends asynchronously (one
  // delivery at a time per process) and never blocks the sweep.
  { name: "email delivery", run: startEmailDelivery },
];

const DEFAULT_SECONDS = 60;

/** The sweep's period: a whole number of seconds from 1 to 3600, else the default. */
export function sweepIntervalMs(value = process.env.MAILGATE_SWEEP_SECONDS): number {
  const seconds = Number(value);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? seconds * 1000 : DEFAULT_SECONDS * 1000;
}

export type SweepStatus = { everyMs: number; lastRunAt: Date | null };

export function createPeriodicTasks(tasks: PeriodicTask[], options: { everyMs?: number; clock?: () => Date } = {}) {
  const everyMs = options.everyMs ?? sweepIntervalMs();
  const clock = options.clock ?? (() => new Date());
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastRunAt: Date | null = null;

  /** One sweep: every task in turn; one failing (a busy database, a bug) neither stops the others nor the timer. */
  async function runAll(db: Db): Promise<void> {
    const now = clock();
    for (const task of tasks) {
      try {
        await task.run(db, now);
      } catch (error) {
        if (isTransientDbError(error))
          console.warn(`periodic task "${task.name}": the database was busy; it runs again next sweep`);
        else console.error(`periodic task "${task.name}" failed; it runs again next sweep`, error);
      }
    }
    lastRunAt = now;
  }

  return {
    runAll,
    async start(db: Db): Promise<void> {
      await runAll(db);
      if (timer) return;
      timer = setInterval(() => void runAll(db), everyMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
    status: (): SweepStatus => ({ everyMs, lastRunAt }),
  };
}

// One per process, shared by every bundle (instrumentation and the routes that show its status).
const memo = globalThis as unknown as { mailgatePeriodic?: ReturnType<typeof createPeriodicTasks> };
export function periodicTasks() {
  memo.mailgatePeriodic ??= createPeriodicTasks(PERIODIC_TASKS);
  return memo.mailgatePeriodic;
}
