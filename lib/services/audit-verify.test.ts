import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { openDb, type Db } from "@/db/client";
import { appendAuditEvent, chainHash, NO_ORIGIN } from "./audit-log";
import { describeVerdict, verifyAuditChain } from "./audit-verify";
import { auditRowFromSql } from "./audit-search";

let db: Db;
let dispose: () => void;
beforeEach(() => ({ db, dispose } = createTestDb()));
afterEach(() => dispose());

function append(target: Db, action: string, reason: string | null = null) {
  return target.transaction(
    (tx) => appendAuditEvent(tx, { action, actor: { id: 7, upn: "sam@contoso.com" }, environmentId: 1, target: { type: "mailbox", id: 3, label: "Nina Novak" }, before: { status: 2 }, after: { status: 1 }, reason, origin: { clientIp: "10.0.0.1", userAgent: "test" } }),
    { behavior: "immediate" },
  );
}

const appendFive = () => ["A", "B", "C", "D", "E"].forEach((a) => append(db, a));

/** Tampering as someone with raw database access would: the app's triggers dropped first. */
function tamper(sqlText: string, ...params: unknown[]) {
  db.$client.exec("DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;");
  db.$client.prepare(sqlText).run(...params);
}

const rowAt = (seq: number) => db.$client.prepare("SELECT * FROM audit_events WHERE seq = ?").get(seq) as Record<string, unknown>;

/** Makes room for an event at `seq` by renumbering every later one (two steps: seq is unique). */
function renumberFrom(seq: number) {
  tamper("UPDATE audit_events SET seq = seq + 1000 WHERE seq >= ?", seq);
  tamper("UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000");
}

function insertForged(seq: number, hash: (fields: Parameters<typeof chainHash>[1], prevHash: string) => string) {
  const prevHash = rowAt(seq - 1).hash as string;
  const fields = { seq, at: new Date("2026-01-01T00:00:00Z"), actorId: 1, actorUpn: "mallory@contoso.com", action: "MailboxApproved", environmentId: 1, targetType: "mailbox", targetId: "9", targetLabel: "Forged", before: null, after: null, reason: null, clientIp: null, userAgent: null };
  db.$client
    .prepare("INSERT INTO audit_events (seq, at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    .run(seq, fields.at.getTime(), fields.actorId, fields.actorUpn, fields.action, fields.environmentId, fields.targetType, fields.targetId, fields.targetLabel, prevHash, hash(fields, prevHash));
}

describe("verifying the audit chain", () => {
  it("an empty log is intact", async () => {
    expect(await verifyAuditChain(db)).toEqual({ intact: true, count: 0 });
  });

  it("a sequence of events verifies", async () => {
    appendFive();
    expect(await verifyAuditChain(db)).toEqual({ intact: true, count: 5 });
    expect(describeVerdict(await verifyAuditChain(db))).toBe("Intact, 5 events");
  });

  it("a long chain verifies through its own snapshot while the app keeps writing", async () => {
    db.transaction((tx) => {
      for (let i = 0; i < 6_000; i++) appendAuditEvent(tx, { action: "Bulk", actor: null, origin: NO_ORIGIN });
    }, { behavior: "immediate" });
    const verdict = verifyAuditChain(db);
    // The walk has paused part-way; the app's connection is free to write.
    append(db, "DuringVerify");
    expect(await verdict).toEqual({ intact: true, count: 6_000 });
    expect(await verifyAuditChain(db)).toEqual({ intact: true, count: 6_001 });
  }, 30_000);

  it("an edited field is reported at that event", async () => {
    appendFive();
    tamper("UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3");
    expect(await verifyAuditChain(db)).toEqual({ intact: false, count: 3, firstBadSeq: 3, problem: "hash mismatch" });
  });

  it("an edited time is reported at that event", async () => {
    appendFive();
    tamper("UPDATE audit_events SET at = at - 86400000 WHERE seq = 2");
    expect(await verifyAuditChain(db)).toMatchObject({ intact: false, firstBadSeq: 2, problem: "hash mismatch" });
  });

  it("an edit whose hash was recomputed is reported at the next event, which no longer links to it", async () => {
    appendFive();
    tamper("UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 3");
    const { hash, prevHash, ...fields } = auditRowFromSql(rowAt(3));
    expect(hash).not.toBe(chainHash(prevHash, fields));
    tamper("UPDATE audit_events SET hash = ? WHERE seq = 3", chainHash(prevHash, fields));
    expect(await verifyAuditChain(db)).toEqual({ intact: false, count: 4, firstBadSeq: 4, problem: "broken link" });
  });

  it("a deleted event is reported at the event after the gap", async () => {
    appendFive();
    tamper("DELETE FROM audit_events WHERE seq = 3");
    expect(await verifyAuditChain(db)).toEqual({ intact: false, count: 3, firstBadSeq: 4, problem: "gap" });
  });

  it("deleting the first event is found too", async () => {
    appendFive();
    tamper("DELETE FROM audit_events WHERE seq = 1");
    expect(await verifyAuditChain(db)).toMatchObject({ intact: false, firstBadSeq: 2, problem: "gap" });
  });

  it("an inserted event without the right hash is reported at that event", async () => {
    appendFive();
    renumberFrom(3);
    insertForged(3, () => "f".repeat(64));
    expect(await verifyAuditChain(db)).toEqual({ intact: false, count: 3, firstBadSeq: 3, problem: "hash mismatch" });
  });

  it("an inserted event with a correctly computed hash is reported at the next event", async () => {
    appendFive();
    renumberFrom(3);
    insertForged(3, (fields, prevHash) => chainHash(prevHash, fields));
    // The forged event itself hashes correctly; the renumbered event after it neither links to it nor matches its own hash.
    expect(await verifyAuditChain(db)).toEqual({ intact: false, count: 4, firstBadSeq: 4, problem: "broken link" });
    expect(describeVerdict(await verifyAuditChain(db))).toMatch(/^Broken at event 4 \(broken link\)/);
  });
});

describe("concurrent writers", () => {
  it("two connections to one file, taking turns, build one unbroken chain", async () => {
    const other = openDb(db.$client.name);
    try {
      for (let i = 0; i < 100; i++) append(i % 2 ? other : db, `Turn${i % 2}`);
      // Bursts of different lengths from each side, so neither sees a predictable head.
      for (let i = 0; i < 20; i++) for (let j = 0; j <= i % 4; j++) append(i % 3 ? db : other, "Burst");
    } finally {
      other.$client.close();
    }
    const seqs = db.$client.prepare("SELECT seq FROM audit_events ORDER BY seq").pluck().all() as number[];
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(await verifyAuditChain(db)).toEqual({ intact: true, count: seqs.length });
  });

  it("writers in separate threads at the same time build one unbroken chain", async () => {
    const perWorker = 50;
    await appendConcurrently(db.$client.name, { workers: 2, perWorker });
    const seqs = db.$client.prepare("SELECT seq FROM audit_events ORDER BY seq").pluck().all() as number[];
    expect(seqs).toEqual(Array.from({ length: 2 * perWorker }, (_, i) => i + 1));
    expect(await verifyAuditChain(db)).toEqual({ intact: true, count: 2 * perWorker });
    const perAction = db.$client.prepare("SELECT action, count(*) AS n FROM audit_events GROUP BY action ORDER BY action").all();
    expect(perAction).toEqual([{ action: "Worker0", n: perWorker }, { action: "Worker1", n: perWorker }]);
  }, 120_000);
});

/**
 * Real concurrency: worker threads, each with its own connection, appending through the app's own
 * appendAuditEvent at the same time. The workers load the TypeScript sources through tsx.
 */
function appendConcurrently(file: string, { workers, perWorker }: { workers: number; perWorker: number }): Promise<void[]> {
  const root = pathToFileURL(`${process.cwd()}/`).href;
  const source = `
    import { workerData, parentPort } from "node:worker_threads";
    import { tsImport } from ${JSON.stringify(new URL("node_modules/tsx/dist/esm/api/index.mjs", root).href)};
    const { openDb } = await tsImport("./db/client.ts", ${JSON.stringify(root)});
    const { appendAuditEvent, NO_ORIGIN } = await tsImport("./lib/services/audit-log.ts", ${JSON.stringify(root)});
    const db = openDb(workerData.file);
    parentPort.postMessage("ready");
    // Start together, so the transactions really contend for the write lock.
    await new Promise((go) => parentPort.once("message", go));
    for (let i = 0; i < workerData.perWorker; i++) {
      db.transaction((tx) => appendAuditEvent(tx, { action: "Worker" + workerData.n, actor: null, origin: NO_ORIGIN }), { behavior: "immediate" });
    }
    db.$client.close();
    parentPort.postMessage("done");
  `;
  const url = new URL(`data:text/javascript,${encodeURIComponent(source)}`);
  const threads = Array.from({ length: workers }, (_, n) => new Worker(url, { workerData: { file, n, perWorker } }));
  const when = (worker: Worker, message: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on("message", (m) => m === message && resolve());
      worker.once("error", reject);
      worker.once("exit", (code) => (code ? reject(new Error(`worker exited with ${code}`)) : resolve()));
    });
  return Promise.all(threads.map((w) => when(w, "ready"))).then(() => {
    const done = threads.map((w) => when(w, "done"));
    threads.forEach((w) => w.postMessage("go"));
    return Promise.all(done);
  });
}
