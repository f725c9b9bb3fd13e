import { spawnSync } from "node:child_process";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import path from "node:path";
import { findPostgresBin } from "@/scripts/pg-cluster.mjs";
import { TSX } from "@/scripts/lib.mjs";
import { auditTestCluster } from "./testing-postgres";

// Issue 19 with issue 12's integrity: on PostgreSQL the audit log is sealed by signed checkpoints
// outside the database and verified against them, as on SQLite: through the app (the shutdown's
// checkpoint, Verify) and on the command line (`npm run audit:verify` with DATABASE_URL). Each
// test has a database of its own on one throw-away cluster; the checkpoints go to this process's
// own folder (db/pg/test-setup.ts sets MAILGATE_DIGEST_DIR).

const pgt = auditTestCluster("verify");
const { freshDatabase, superuser, tamper } = pgt;
let m: Awaited<ReturnType<typeof load>>;
async function load() {
  return {
    testing: await import("./testing"),
    anchor: await import("./anchor"),
    verify: await import("./verify"),
    publicCheck: await import("./public-check"),
    checkpoints: await import("./checkpoints"),
    keys: await import("./keys"),
    reader: await import("./reader"),
    backup: await import("./backup-postgres"),
  };
}

const dir = () => process.env.MAILGATE_DIGEST_DIR!;
const findPgDump = () => path.join(findPostgresBin()!, "pg_dump");

beforeAll(async () => {
  await pgt.start();
  m = await load();
}, 180_000); // A cluster: slow beside a whole test run on 2 cores.
afterAll(() => pgt.stop());

describe("the audit log on PostgreSQL, sealed outside the database", () => {
  it("events the app appends are sealed at shutdown, and verify against the checkpoint", async () => {
    const { url, db } = await freshDatabase();
    await m.testing.append(db, "Approved", 30);
    await m.testing.append(db, "Rejected");
    // What instrumentation.ts runs at SIGTERM: the checkpoint of everything appended since the last.
    await m.anchor.checkpointPending();
    const { anchors } = m.checkpoints.readDigests(dir(), m.keys.requireSigningKey().publicKey, { all: true });
    expect(anchors.active.at(-1)).toMatchObject({ seq: 31, count: 31 });
    expect(await m.verify.verifyAuditLog(url)).toMatchObject({
      intact: true,
      events: 31,
      head: { seq: 31 },
      anchor: { seq: 31 },
      problems: [],
    });
  });

  it("app servers seal one after another: a checkpoint waits while another server writes one", async () => {
    const { url, db, digests } = await freshDatabase();
    await m.testing.append(db, "Approved", 12);
    // Another server, in the middle of writing a checkpoint, holds the checkpoint lock.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query("select pg_advisory_lock($1)", [m.reader.CHECKPOINT_LOCK]);
    const waiting = m.anchor.writeCheckpoint(url, { dir: digests });
    await vi.waitFor(async () =>
      expect(
        await superuser("select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted", url),
      ).toEqual([{ n: 1 }]),
    );
    await other.end();
    expect(await waiting).toMatchObject({ status: "written", checkpoint: { seq: 12 } });
    // Two at once: the second reads the first's checkpoint and finds nothing left to seal.
    await m.testing.append(db, "Approved", 3);
    const outcomes = await Promise.all([
      m.anchor.writeCheckpoint(url, { dir: digests }),
      m.anchor.writeCheckpoint(url, { dir: digests }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["up to date", "written"]);
    const { anchors, bad } = m.checkpoints.readDigests(digests, m.keys.requireSigningKey().publicKey, { all: true });
    expect(bad).toEqual([]);
    expect(anchors.active.map((c) => c.seq)).toEqual([12, 15]);
  });

  it("an event edited with the triggers bypassed is found, at its seq", async () => {
    const { url, db, digests } = await freshDatabase();
    await m.testing.append(db, "Approved", 20);
    expect(await m.anchor.writeCheckpoint(url, { dir: digests })).toMatchObject({ status: "written" });
    await tamper(url, "update audit_events set reason = 'edited' where seq = 7");
    const verdict = await m.verify.verifyAuditLog(url, { dir: digests });
    expect(verdict.intact).toBe(false);
    expect(verdict.problems).toContainEqual(expect.objectContaining({ kind: "edited", seq: 7 }));
    expect(verdict.lastTrustworthySeq).toBe(6);
    // A signature never vouches for an edited event: after one past the checkpoint, the next is refused.
    await m.testing.append(db, "Approved", 5);
    await tamper(url, "update audit_events set reason = 'edited' where seq = 23");
    expect(await m.anchor.writeCheckpoint(url, { dir: digests })).toMatchObject({
      status: "refused",
      message: expect.stringMatching(/broken at event 23 \(edited\)/),
    });
  });

  it("a deleted tail is reported as truncated, from the last checkpoint", async () => {
    const { url, db, digests } = await freshDatabase();
    await m.testing.append(db, "Approved", 15);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    await tamper(url, "delete from audit_events where seq > 10");
    expect(await m.verify.verifyAuditLog(url, { dir: digests })).toMatchObject({
      intact: false,
      problems: [expect.objectContaining({ kind: "truncated", seq: 11 })],
    });
  });

  it("a checkpoint file checks against the PostgreSQL database with the public key alone", async () => {
    const { url, db, digests } = await freshDatabase();
    await m.testing.append(db, "Approved", 9);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    const [exported] = m.checkpoints.listDigestFiles(digests);
    const check = await m.publicCheck.checkDigestFile(exported!, m.keys.requireSigningKey().publicKey, url);
    expect(check.database).toMatchObject({ head: 9, matched: 1, mismatch: null, lacks: 0 });
  });

  it("npm run audit:verify reads the database DATABASE_URL names", async () => {
    const { url, db } = await freshDatabase();
    await m.testing.append(db, "Approved", 5);
    const digests = fs.mkdtempSync(`${dir()}/cli-`);
    const env = { ...process.env, DATABASE_URL: url, MAILGATE_DIGEST_DIR: digests };
    expect(await m.anchor.writeCheckpoint(url, { dir: digests })).toMatchObject({ status: "written" });
    const intact = spawnSync("node", [...TSX, "db/cli/audit-verify.ts"], { env, encoding: "utf8" });
    expect(intact.stdout).toMatch(/^intact: /);
    expect(intact.status).toBe(0);
    await tamper(url, "delete from audit_events where seq = 5");
    const truncated = spawnSync("node", [...TSX, "db/cli/audit-verify.ts"], { env, encoding: "utf8" });
    expect(truncated.stderr).toMatch(/NOT INTACT[\s\S]*truncated at event 5/);
    expect(truncated.status).toBe(1);
  }, 60_000);

  it("npm run backup dumps one snapshot and verifies that snapshot's chain; the dump restores and verifies", async () => {
    const { name, url, db, digests } = await freshDatabase();
    await m.testing.append(db, "Approved", 25);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    await m.testing.append(db, "Approved", 5);
    const backups = fs.mkdtempSync(`${dir()}/backup-`);
    const env = { ...process.env, DATABASE_URL: url, MAILGATE_DIGEST_DIR: digests };
    const run = spawnSync("node", [...TSX, "db/cli/backup.ts", "--to", backups], { env, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/verified: .*event 30\)/);
    const [dump] = fs.readdirSync(backups);
    expect(dump).toMatch(/\.dump$/);

    // The dump is a working copy: restored into an empty database, its chain verifies there.
    const restoredName = `restored_${name}`;
    await superuser(`create database ${restoredName}`);
    const restored = pgt.onDatabase(restoredName);
    const pgRestore = path.join(path.dirname(findPgDump()), "pg_restore");
    const restore = spawnSync(pgRestore, ["--dbname", restored, "--no-owner", path.join(backups, dump!)], {
      encoding: "utf8",
    });
    expect(restore.stderr).toBe("");
    expect(await m.verify.verifyAuditLog(restored, { dir: digests })).toMatchObject({
      intact: true,
      events: 30,
      anchor: { seq: 25 },
    });
  }, 60_000);
});
