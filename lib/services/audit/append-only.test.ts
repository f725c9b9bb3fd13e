import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { openDb, type Db } from "@/db/client";
import { append } from "./testing";
import { verifyAuditLog } from "./verify";

let db: Db;
let dispose: () => Promise<void>;
beforeEach(async () => ({ db, dispose } = await createTestDb()));
afterEach(() => dispose());

const GENESIS = "0".repeat(64);
const insert = (seq: number, prevHash: string, verb = "INSERT") =>
  db.$client
    .prepare(`${verb} INTO audit_events (seq, at, action, prev_hash, hash) VALUES (?, 0, 'Forged', ?, ?)`)
    .run(seq, prevHash, "f".repeat(64));
const headHash = () =>
  db.$client.prepare("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").pluck().get() as string;

describe("the only write the audit log accepts is the next event", () => {
  it("every connection commits durably and lets REPLACE fire delete triggers", () => {
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(2);
    expect(db.$client.pragma("recursive_triggers", { simple: true })).toBe(1);
  });

  it("refuses INSERT OR REPLACE and upserts over an existing event", async () => {
    await append(db, "A", 3);
    const before = db.$client.prepare("SELECT * FROM audit_events ORDER BY seq").all();
    expect(() => insert(2, GENESIS, "INSERT OR REPLACE")).toThrow(/append-only/);
    expect(() => insert(2, GENESIS, "REPLACE")).toThrow(/append-only/);
    expect(() =>
      db.$client
        .prepare(
          "INSERT INTO audit_events (seq, at, action, prev_hash, hash) VALUES (2, 0, 'X', 'p', 'h') ON CONFLICT (seq) DO UPDATE SET action = 'X'",
        )
        .run(),
    ).toThrow(/append-only/);
    expect(() => insert(2, GENESIS, "INSERT OR IGNORE")).toThrow(/append-only/);
    expect(db.$client.prepare("SELECT * FROM audit_events ORDER BY seq").all()).toEqual(before);
  });

  it("REPLACE fires the delete trigger even without the insert guard (recursive_triggers is on)", async () => {
    await append(db, "A", 3);
    db.$client.exec("DROP TRIGGER audit_events_append_only_insert");
    expect(() => insert(2, GENESIS, "INSERT OR REPLACE")).toThrow(/audit events are append-only$/);
  });

  it("refuses an insert that skips a number, goes back, or does not link to the head", async () => {
    await append(db, "A", 3);
    expect(() => insert(5, headHash())).toThrow(/append-only/);
    expect(() => insert(1, GENESIS)).toThrow(/append-only/);
    expect(() => insert(4, "0".repeat(64))).toThrow(/append-only/);
    insert(4, headHash());
    expect(db.$client.prepare("SELECT count(*) FROM audit_events").pluck().get()).toBe(4);
  });

  it("the keyed-from mark is written once and never changed", () => {
    expect(db.$client.prepare("SELECT keyed_from FROM audit_chain").pluck().all()).toEqual([1]);
    expect(() => db.$client.prepare("UPDATE audit_chain SET keyed_from = 9").run()).toThrow(/set once/);
    expect(() => db.$client.prepare("DELETE FROM audit_chain").run()).toThrow(/set once/);
    expect(() => db.$client.prepare("INSERT INTO audit_chain VALUES (9, 0)").run()).toThrow(/set once/);
  });
});

describe("concurrent writers", () => {
  it("two connections to one file, taking turns, build one unbroken chain", async () => {
    const other = openDb(db.$client.name);
    try {
      for (let i = 0; i < 100; i++) await append(i % 2 ? other : db, `Turn${i % 2}`);
      // Bursts of different lengths from each side, so neither sees a predictable head.
      for (let i = 0; i < 20; i++) for (let j = 0; j <= i % 4; j++) await append(i % 3 ? db : other, "Burst");
    } finally {
      other.$client.close();
    }
    const seqs = db.$client.prepare("SELECT seq FROM audit_events ORDER BY seq").pluck().all() as number[];
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await verifyAuditLog(db.$client.name)).toMatchObject({ intact: true, events: seqs.length });
  });

  it("writers in separate threads at the same time build one unbroken chain", async () => {
    const perWorker = 50;
    await appendConcurrently(db.$client.name, { workers: 2, perWorker });
    const seqs = db.$client.prepare("SELECT seq FROM audit_events ORDER BY seq").pluck().all() as number[];
    expect(seqs).toEqual(Array.from({ length: 2 * perWorker }, (_, i) => i + 1));
    expect(await verifyAuditLog(db.$client.name)).toMatchObject({ intact: true, events: 2 * perWorker });
    const perAction = db.$client
      .prepare("SELECT action, count(*) AS n FROM audit_events GROUP BY action ORDER BY action")
      .all();
    expect(perAction).toEqual([
      { action: "Worker0", n: perWorker },
      { action: "Worker1", n: perWorker },
    ]);
  }, 120_000);
});

/**
 * Real concurrency: worker threads, each with its own connection, appending through the app's own
 * appendAuditEvent at the same time. The workers load the TypeScript sources through tsx, resolving
 * "server-only" as the server does (react-server condition).
 */
function appendConcurrently(
  file: string,
  { workers, perWorker }: { workers: number; perWorker: number },
): Promise<void[]> {
  const root = pathToFileURL(`${process.cwd()}/`).href;
  const source = `
    import { workerData, parentPort } from "node:worker_threads";
    import { tsImport } from ${JSON.stringify(new URL("node_modules/tsx/dist/esm/api/index.mjs", root).href)};
    const { openDb } = await tsImport("./db/client.ts", ${JSON.stringify(root)});
    const { appendAuditEvent, NO_ORIGIN } = await tsImport("./lib/services/audit/log.ts", ${JSON.stringify(root)});
    const { withTransaction } = await tsImport("./db/transaction.ts", ${JSON.stringify(root)});
    const db = openDb(workerData.file);
    parentPort.postMessage("ready");
    // Start together, so the transactions really contend for the write lock.
    await new Promise((go) => parentPort.once("message", go));
    for (let i = 0; i < workerData.perWorker; i++) {
      await withTransaction(db, (tx) => appendAuditEvent(tx, { action: "Worker" + workerData.n, actor: null, origin: NO_ORIGIN }));
    }
    db.$client.close();
    parentPort.postMessage("done");
  `;
  const url = new URL(`data:text/javascript,${encodeURIComponent(source)}`);
  const threads = Array.from(
    { length: workers },
    (_, n) => new Worker(url, { workerData: { file, n, perWorker }, execArgv: ["--conditions=react-server"] }),
  );
  const when = (worker: Worker, message: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on("message", (m) => m === message && resolve());
      worker.once("error", reject);
      worker.once("exit", (code) => (code ? reject(new Error(`worker exited with ${code}`)) : resolve()));
    });
  // Done means exited, not "done" posted: a worker's first commit writes the log's first checkpoint
  // in the background, and the test's folder must not be removed while it is still being written.
  const exited = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) => (code ? reject(new Error(`worker exited with ${code}`)) : resolve()));
    });
  return Promise.all(threads.map((w) => when(w, "ready"))).then(() => {
    const done = threads.map(exited);
    threads.forEach((w) => w.postMessage("go"));
    return Promise.all(done);
  });
}
