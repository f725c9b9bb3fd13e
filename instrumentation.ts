/**
 * Next.js calls `register` once when a server process starts, before its first request. Background
 * jobs resume here, at boot, instead of when someone happens to open a page, and pause between two
 * batches when the process is asked to stop (scripts/server.mjs waits for that before it exits).
 * The runner's heartbeat also records role expiries in the audit log at their end dates. The WAL is
 * checkpointed by a thread of its own (db/wal-checkpointer.ts), not inside the requests' commits
 * (SQLite's; PostgreSQL checkpoints its own).
 */
export async function register() {
  // Not in the Edge runtime (no SQLite there), and not while `next build` loads the app.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const memo = globalThis as unknown as { mailgateRegistered?: boolean; mailgateBooted?: () => void };
  if (memo.mailgateRegistered) return;
  memo.mailgateRegistered = true;
  // A bad environment variable stops the server here, named, before any request can meet it.
  const { serverEnv } = await import("./lib/env");
  serverEnv();
  const { getDb } = await import("./db/client");
  const { pauseJobRunner, startJobRunner } = await import("./lib/services/jobs/app-runner");
  await startJobRunner(getDb());
  // Awaited by scripts/server.mjs on SIGTERM or SIGINT before it exits: the pause is asynchronous
  // (the services are), and an exit in the middle would leave the job leased to a dead process.
  // Then the audit log's checkpoint at shutdown: on PostgreSQL it cannot wait for the exit event.
  const { checkpointPending } = await import("./lib/services/audit/anchor");
  const shutdown = globalThis as unknown as { mailgateShutdown?: (() => Promise<void>)[] };
  (shutdown.mailgateShutdown ??= []).push(async () => {
    await pauseJobRunner();
    await checkpointPending();
  });
  // After the runner: a job left paused is taken before the server listens; its first commits
  // checkpoint for themselves until the thread runs.
  const { startWalCheckpointer } = await import("./db/wal-checkpointer");
  await startWalCheckpointer(getDb());
  // scripts/server.mjs listens once this is called.
  memo.mailgateBooted?.();
}
