import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin } from "@/scripts/pg-cluster.mjs";
import { TSX } from "@/scripts/lib.mjs";
import { auditTestCluster } from "./testing-postgres";

// Issue 19: `npm run restore -- FILE` on PostgreSQL, with SQLite's guarantees (backup.test.ts),
// through the real command line with DATABASE_URL: refused while another session is connected,
// refused for a dump whose chain does not verify (checked in a scratch database, dropped after),
// and otherwise put in place with the replaced database kept and the given-up events recorded.
// Each test has a database of its own on one throw-away cluster, with its own digest folder.
//
// What each test catches (each seen failing with its guard removed): without the check of
// pg_stat_activity the rename still fails on the open session, but only after the restore and the
// verify, and nobody is named: the in-use test fails; without the verdict's check the tampered dump
// is put in place; without the scratch database's drop it is left behind: the tampered test fails.

const pgt = auditTestCluster("restore");
let m: Awaited<ReturnType<typeof load>>;
async function load() {
  return {
    testing: await import("./testing"),
    anchor: await import("./anchor"),
    checkpoints: await import("./checkpoints"),
    keys: await import("./keys"),
  };
}

beforeAll(async () => {
  await pgt.start();
  m = await load();
}, 180_000); // A cluster: slow beside a whole test run on 2 cores.
afterAll(() => pgt.stop());

/** Runs a command-line tool as `npm run <tool>` does, on `url` with `digests` as its checkpoints. */
function cli(tool: string, args: string[], url: string, digests: string) {
  const env = { ...process.env, DATABASE_URL: url, MAILGATE_DIGEST_DIR: digests };
  const run = spawnSync("node", [...TSX, `db/cli/${tool}.ts`, ...args], { env, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A dump of the database as pg_dump makes it (the refusal tests need no backup's own verify). */
function pgDump(url: string): string {
  const file = path.join(fs.mkdtempSync(path.join(process.env.MAILGATE_DIGEST_DIR!, "dump-")), "copy.dump");
  const run = spawnSync(path.join(findPostgresBin()!, "pg_dump"), ["--format=custom", `--file=${file}`, url], {
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  return file;
}

/** What identifies the live database and what it holds: its oid changes if it was replaced. */
async function state(name: string) {
  const [db] = await pgt.superuser<{ oid: number }>(`select oid::int from pg_database where datname = '${name}'`);
  const events = await pgt.superuser(
    `select seq, hash, action, reason from audit_events order by seq`,
    pgt.onDatabase(name),
  );
  return { oid: db?.oid, events };
}

const databasesLike = async (pattern: string) =>
  (await pgt.superuser<{ datname: string }>(`select datname from pg_database where datname like '${pattern}'`)).map(
    (r) => r.datname,
  );

describe("npm run restore on PostgreSQL", () => {
  it("puts a verified backup in place, keeps the replaced database, and records the events it lacks", async () => {
    const { name, url, db, pool, digests } = await pgt.freshDatabase();
    await m.testing.append(db, "Approved", 20);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    const backups = fs.mkdtempSync(`${digests}-backups-`);
    const backup = cli("backup", ["--to", backups], url, digests);
    expect(backup).toMatchObject({ status: 0, stdout: expect.stringMatching(/Restore it with: npm run restore -- /) });
    const [dump] = fs.readdirSync(backups);
    await m.testing.append(db, "Lost", 8);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    await pool.end(); // the app servers stopped

    const restore = cli("restore", [path.join(backups, dump!)], url, digests);
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/verified against the checkpoints up to its head \(event 20\)/);
    expect(restore.stdout).toMatch(/It lacks 8 checkpointed events \(events 21–28\): recorded as given up in /);
    const kept = restore.stdout.match(/The replaced database is kept as (\S+) /)![1]!;
    expect(kept).toMatch(new RegExp(`^${name}_replaced_\\d{8}_\\d{6}$`));

    // The live database is the backup's; the replaced one is kept with everything it had.
    expect((await state(name)).events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await state(kept)).events).toHaveLength(28);
    expect(await databasesLike("%_restoring_%")).toEqual([]);
    // The given-up events are on record, and the restored database verifies from its head.
    const { restores } = m.checkpoints.readDigests(digests, m.keys.requireSigningKey().publicKey, {
      all: true,
    }).anchors;
    expect(restores).toMatchObject([{ restore: { kind: "restore", seq: 20, lacks: 8, backup: dump } }]);
    const verify = cli("audit-verify", [], url, digests);
    expect(verify).toMatchObject({ status: 0, stdout: expect.stringMatching(/^intact: /) });
    expect(verify.stdout).toMatch(/events 21–28, checkpointed before, were given up/);
  }, 240_000); // three runs of the CLI through tsx, slow on 2 shared cores

  it("refuses while another session is connected to the database, naming it, and changes nothing", async () => {
    const { name, url, db, pool, digests } = await pgt.freshDatabase();
    await m.testing.append(db, "Approved", 5);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    const dump = pgDump(url);
    await pool.end();
    const before = await state(name);
    const server = new pg.Client({ connectionString: url, application_name: "mailgate-app-server" });
    await server.connect();
    try {
      const restore = cli("restore", [dump], url, digests);
      expect(restore.stderr).toMatch(
        new RegExp(
          `Not restored: 1 other session is connected to database ${name} \\(pid \\d+ "mailgate-app-server" from 127\\.0\\.0\\.1\\): stop the app servers`,
        ),
      );
      expect(restore.status).toBe(1);
    } finally {
      await server.end();
    }
    expect(await state(name)).toEqual(before);
    expect(await databasesLike(`${name}_%`)).toEqual([]);
  }, 120_000);

  it("refuses a dump whose chain does not verify, leaves no scratch database, and changes nothing", async () => {
    const { name, url, db, pool, digests } = await pgt.freshDatabase();
    await m.testing.append(db, "Approved", 10);
    await m.anchor.writeCheckpoint(url, { dir: digests });
    await pool.end();
    // A copy with one event rewritten by someone with the superuser, dumped.
    await pgt.superuser(`create database ${name}_forged template ${name}`);
    await pgt.tamper(pgt.onDatabase(`${name}_forged`), "update audit_events set reason = 'forged' where seq = 4");
    const dump = pgDump(pgt.onDatabase(`${name}_forged`));
    const before = await state(name);

    const restore = cli("restore", [dump], url, digests);
    expect(restore.stderr).toMatch(/copy\.dump does not verify, so it was not restored\./);
    expect(restore.stderr).toMatch(/✗ edited at event 4/);
    expect(restore.status).toBe(1);
    expect(await state(name)).toEqual(before);
    expect(await databasesLike(`${name}_%`)).toEqual([`${name}_forged`]);
    const { restores } = m.checkpoints.readDigests(digests, m.keys.requireSigningKey().publicKey, {
      all: true,
    }).anchors;
    expect(restores).toEqual([]);
  }, 120_000);
});
