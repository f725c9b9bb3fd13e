import "server-only";
import { Worker } from "node:worker_threads";
import { isPortalPg } from "./pg/portal";
import type { Db } from "./client";

/**
 * WAL checkpoints in a thread of their own, on a connection of their own, for the server's
 * connection. SQLite otherwise checkpoints inside the commit that takes the WAL past 1,000 pages:
 * it copies every page back into the database file and fsyncs it before the commit returns, so a
 * bulk approval of 10,000 (some 8,000 pages) and nearly every batch of a background job paid a
 * checkpoint on top of their own write (bench/README.md, issue 12). A PASSIVE checkpoint never
 * blocks the writer or the readers, so the thread simply runs one every CHECKPOINT_EVERY_MS; the
 * app's commits then write and fsync only their WAL frames, as durable as before.
 * Processes without it (the CLI tools, the tests) keep SQLite's automatic checkpoints.
 */
export const CHECKPOINT_EVERY_MS = 1000;
/** After a checkpoint lets the WAL start over, its file is cut back to this size. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
// The lowest CPU priority for this thread alone (Linux keeps a nice value per thread): under load the
// pages and the job's paced batches go first, and the copying catches up when they pause.
try {
  const thread = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop());
  require("node:os").setPriority(thread, 19);
} catch (error) {
  // Not Linux: the thread runs at the process's priority.
}
// Resolved from the working directory, the project's root (a bundled server has no path to it).
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("synchronous = FULL");
// A checkpoint copies frames from the WAL to the database file without reading them through the
// page cache: a small one keeps the thread's memory small.
db.pragma("cache_size = -2000");
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    // Busy (another checkpoint runs) or the file is gone: the next turn tries again.
  }
};
setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    checkpoint();
    db.close();
    process.exit(0);
  }
});
parentPort.postMessage("ready");
`;

/**
 * Starts the checkpoint thread for `db`'s file and turns the connection's automatic checkpoints
 * off once it runs. The thread does not keep the process alive. Resolves to a stop function; rejects
 * when the thread cannot start (the server then stops at boot, named, as for a bad setting).
 */
export async function startWalCheckpointer(db: Db, everyMs = CHECKPOINT_EVERY_MS): Promise<() => Promise<void>> {
  // PostgreSQL checkpoints its own WAL.
  if (isPortalPg(db)) return async () => {};
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.$client.name, everyMs } });
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  worker.unref();
  db.$client.pragma("wal_autocheckpoint = 0");
  db.$client.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  // Should the thread ever end (stopped, or failed), the connection checkpoints for itself again.
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (db.$client.open) db.$client.pragma("wal_autocheckpoint = 1000");
      resolve();
    }),
  );
  return async () => {
    // Held until it has ended: an unreferenced thread is no reason to wait, so a process with
    // nothing else to do would exit here, mid-await, with code 0 and its work unfinished.
    worker.ref();
    worker.postMessage("stop");
    await exited;
  };
}
