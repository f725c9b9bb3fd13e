import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "./client";
import { createTestDb } from "./testing";
import { startWalCheckpointer } from "./wal-checkpointer";

/** A commit of some 2,500 pages (10 MB): past the 1,000 pages at which SQLite checkpoints inside the commit. */
function writeTenMegabytes(db: Db) {
  db.$client.exec("create table filler (body blob)");
  const insert = db.$client.prepare("insert into filler values (randomblob(4000))");
  db.$client.transaction(() => {
    for (let i = 0; i < 2500; i++) insert.run();
  })();
}

describe("the WAL checkpointer", () => {
  let dispose = async () => {};
  afterEach(() => dispose());

  it("takes the checkpoint out of the commit: the pages reach the database file through its thread", async () => {
    const test = await createTestDb();
    dispose = test.dispose;
    const file = test.db.$client.name;
    // A turn far away: only the checkpoint the thread runs when it is stopped copies the pages.
    const stop = await startWalCheckpointer(test.db, 60_000);
    expect(test.db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const before = fs.statSync(file).size;
    writeTenMegabytes(test.db);
    expect(fs.statSync(file).size).toBe(before);
    await stop();
    expect(fs.statSync(file).size).toBeGreaterThan(before + 10_000_000);
    expect(test.db.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  });

  it("checkpoints on its own every few milliseconds as asked", async () => {
    const test = await createTestDb();
    dispose = test.dispose;
    const file = test.db.$client.name;
    const stop = await startWalCheckpointer(test.db, 20);
    const before = fs.statSync(file).size;
    writeTenMegabytes(test.db);
    await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(before + 10_000_000), { timeout: 5000 });
    await stop();
  });

  it("is waited for when stopped, in a process with nothing else to keep it alive", async () => {
    const test = await createTestDb();
    dispose = test.dispose;
    // Once, stop() was awaited on a thread that no longer held the process open: the process exited
    // mid-await with code 0, its work unfinished and nothing said (the bench's bulk step lost its figures).
    const child = spawnSync(
      "node",
      ["--conditions=react-server", "--import", "tsx", "db/fixtures/stop-checkpointer.ts", test.db.$client.name],
      { encoding: "utf8" },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("stopped");
  });

  it("leaves a connection without it to SQLite's own checkpoint inside the commit", async () => {
    const test = await createTestDb();
    dispose = test.dispose;
    const before = fs.statSync(test.db.$client.name).size;
    writeTenMegabytes(test.db);
    expect(fs.statSync(test.db.$client.name).size).toBeGreaterThan(before + 10_000_000);
  });
});
