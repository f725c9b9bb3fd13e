import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { openDb, type Db } from "@/db/client";
import { writeCheckpointSync } from "./anchor";
import { readDigests } from "./checkpoints";
import { requireSigningKey } from "./keys";
import { assertNotInUse, backupDatabase, restoreDatabase } from "./backup";
import { DatabaseInUse } from "./restore-record";
import { verifyAuditLog } from "./verify";
import { append, tamper } from "./testing";
import { TSX } from "@/scripts/lib.mjs";

let db: Db;
let file: string;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  file = db.$client.name;
});
afterEach(() => dispose());

const at = new Date("2026-12-01T10:00:00Z");

describe("backup", () => {
  it("copies the live database, WAL included, to a timestamped file and verifies the copy", async () => {
    await append(db, "A", 50);
    writeCheckpointSync(file);
    await append(db, "NotYetCheckpointed", 5);
    // The app's connection stays open and its last commits sit in the WAL: a plain cp would lose them.
    const { file: copy, verdict } = await backupDatabase(file, { at });
    expect(copy).toBe(path.join(path.dirname(file), "backups", "test-20261201-100000.db"));
    expect(verdict).toMatchObject({ intact: true, whole: true, events: 55, lacks: 0 });
  });

  it("reports a copy that does not verify", async () => {
    await append(db, "A", 5);
    tamper(file, ["UPDATE audit_events SET action = 'X' WHERE seq = 2"]);
    expect((await backupDatabase(file, { at })).verdict).toMatchObject({
      intact: false,
      problems: [{ kind: "edited", seq: 2 }],
    });
  });
});

describe("restore", () => {
  it("refuses while another process or connection has the database open", () => {
    expect(() => assertNotInUse(file)).toThrow(DatabaseInUse);
  });

  it("puts a backup in place, keeps the old file, and records the events it gives up", async () => {
    // Every record at a fixed time around the restore's: records of one seq are ordered by time,
    // so the real clock would make the order depend on the hour the test runs.
    const clock = (time: string) => ({ at: new Date(`2026-12-01T${time}:00Z`) });
    await append(db, "A", 20);
    writeCheckpointSync(file, clock("10:00"));
    const { file: backup } = await backupDatabase(file, { at });
    await append(db, "Lost", 8);
    writeCheckpointSync(file, clock("10:30"));
    db.$client.close();

    const outcome = await restoreDatabase(backup, file, { at: new Date("2026-12-01T11:00:00Z") });
    expect(outcome).toMatchObject({
      ok: true,
      verdict: { intact: true, events: 20, lacks: 8 },
      record: { kind: "restore", seq: 20, lacks: 8, backup: path.basename(backup) },
    });
    expect(fs.existsSync(`${file}.before-restore-20261201-110000`)).toBe(true);
    // Verification goes on from the restored head, and says what was given up.
    const v = await verifyAuditLog(file);
    expect(v).toMatchObject({ intact: true, events: 20 });
    expect(v.notes.join(" ")).toMatch(
      /Restored from test-20261201-100000\.db .*: events 21–28, checkpointed before, were given up/,
    );
    // The log carries on: new events after the restore are checkpointed and verify.
    db = openDb(file);
    await append(db, "AfterRestore", 3);
    expect(writeCheckpointSync(file, clock("11:30"))).toMatchObject({ status: "written", checkpoint: { seq: 23 } });
    expect(await verifyAuditLog(file)).toMatchObject({ intact: true, events: 23 });
    const { active, restores } = readDigests(
      path.join(path.dirname(file), "audit-digests"),
      requireSigningKey().publicKey,
      { all: true },
    ).anchors;
    expect(active.map((c) => [c.kind, c.seq])).toEqual([
      ["checkpoint", 20],
      ["restore", 20],
      ["checkpoint", 23],
    ]);
    expect(restores).toHaveLength(1);
  });

  it("refuses a backup whose chain does not verify, and changes nothing", async () => {
    await append(db, "A", 10);
    writeCheckpointSync(file);
    const { file: backup } = await backupDatabase(file, { at });
    tamper(backup, ["UPDATE audit_events SET reason = 'forged' WHERE seq = 4"]);
    const events = () => db.$client.prepare("SELECT * FROM audit_events ORDER BY seq").all();
    const before = events();
    db.$client.close();
    const { ino } = fs.statSync(file);
    expect(await restoreDatabase(backup, file)).toMatchObject({
      ok: false,
      verdict: { problems: [{ kind: "edited", seq: 4 }] },
    });
    expect(fs.statSync(file).ino).toBe(ino);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => /restor/.test(f))).toEqual([]);
    db = openDb(file);
    expect(events()).toEqual(before);
  });
});

describe("npm run backup and npm run restore", () => {
  const run = (script: string, ...args: string[]) => {
    const result = spawnSync("node", [...TSX, `db/cli/${script}.ts`, ...args], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_PATH: file },
    });
    return { status: result.status, out: result.stdout + result.stderr };
  };

  it("back up a running database, refuse to restore while it is open, restore once it is closed", async () => {
    await append(db, "A", 12);
    writeCheckpointSync(file);
    const backup = run("backup");
    expect(backup).toMatchObject({ status: 0, out: expect.stringMatching(/verified: Intact, 12 events/) });
    const copy = backup.out.match(/^backup: (\S+)/m)![1]!;
    await append(db, "Lost", 3);
    writeCheckpointSync(file);
    expect(run("restore", copy)).toMatchObject({
      status: 1,
      out: expect.stringMatching(/Not restored: .* is open in another process/),
    });
    db.$client.close();
    expect(run("restore", copy)).toMatchObject({
      status: 0,
      out: expect.stringMatching(/It lacks 3 checkpointed events \(events 13–15\)/),
    });
    db = openDb(file);
    expect(db.$client.prepare("SELECT max(seq) FROM audit_events").pluck().get()).toBe(12);
  }, 180_000); // three runs of the CLI through tsx: over 60 s at a load of 15 on 2 cores
});
