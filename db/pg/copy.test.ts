import { withTransaction } from "@/db/transaction";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { PgTable } from "drizzle-orm/pg-core";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sqliteSchema from "@/db/schema/tables";
import { createTestDb, type TestDb } from "@/db/testing";
import { writeCheckpointSync } from "@/lib/services/audit/anchor";
import { appendAuditEvents, NO_ORIGIN } from "@/lib/services/audit/log";
import { startCluster } from "@/scripts/pg-cluster.mjs";
import { openPgDb, type PgDb } from "./client";
import { copyToPostgres, TargetNotEmpty } from "./copy";
import * as pgSchema from "./schema";

// Issue 19, moving an installation: the seeded demo (users, roles, mailboxes, jobs, notifications
// and its audit log) copied from SQLite into a throw-away PostgreSQL cluster, compared row by row.

/** The demo with 6,000 more events, so the chain spans more than one page of the walk on PostgreSQL. */
async function withHistory(test: TestDb) {
  const events = Array.from({ length: 6000 }, (_, i) => ({
    action: "MailboxApproved",
    actor: { id: 1, upn: "admin@contoso.com" },
    target: { type: "mailbox", id: i + 1, label: `Mailbox ${i + 1}` },
    after: { emailStatus: "Approved", note: "ünïcödé ✓" },
    origin: NO_ORIGIN,
    at: new Date(Date.UTC(2030, 0, 1) + i * 1001),
  }));
  await withTransaction(test.db, () => appendAuditEvents(test.db, events));
  // Signed, beside the database, as the server anchors its head: the copy must reproduce it.
  expect(writeCheckpointSync(test.db.$client.name).status).toBe("written");
  return test;
}

describe("copying a SQLite installation into PostgreSQL (npm run db:copy)", async () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  const databases: PgDb[] = [];
  const sqlite = await withHistory(await createTestDb({ demo: true }));
  const file = sqlite.db.$client.name;

  /** A new, migrated database on the cluster. */
  async function freshDatabase(name: string): Promise<PgDb> {
    const admin = new Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const db = await openPgDb(cluster.url.replace(/\/mailgate$/, `/${name}`), { max: 2 });
    databases.push(db);
    return db;
  }

  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(async () => {
    for (const db of databases) await db.$client.end();
    await cluster?.stop();
    await sqlite.dispose();
  });

  it("copies every row of every table as the app reads it, the audit chain verifies on PostgreSQL, and a used database is refused", async () => {
    const target = await freshDatabase("copy_whole");
    const report = await copyToPostgres(file, target);

    const head = sqlite.db.$client.prepare("select seq, hash from audit_events order by seq desc limit 1").get() as {
      seq: number;
      hash: string;
    };
    expect(head.seq).toBeGreaterThan(6000);
    expect(report.audit).toEqual({ events: head.seq, headSeq: head.seq, headHash: head.hash, fault: null });
    expect(report.checkpoints).toEqual({ reproduced: report.checkpoints.of, of: expect.any(Number), mismatch: null });
    expect(report.checkpoints.of).toBeGreaterThanOrEqual(1);
    expect(report.maintainedCountsMatch).toBe(true);

    const twins = pgSchema as unknown as Record<string, PgTable>;
    let compared = 0;
    for (const [key, table] of Object.entries(sqliteSchema)) {
      if (!is(table, SQLiteTable)) continue;
      const { name, columns, primaryKeys } = getTableConfig(table);
      const keyColumns = primaryKeys[0]?.columns ?? columns.filter((c) => c.primary);
      const keyOf = (row: Record<string, unknown>) =>
        JSON.stringify(keyColumns.map((c) => row[Object.keys(table).find((k) => (table as never)[k] === c)!]));
      const byKey = (rows: Record<string, unknown>[]) => rows.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
      const fromSqlite = byKey(await sqlite.db.select().from(table));
      const fromPg = byKey(await target.select().from(twins[key]!));
      expect(fromPg, name).toEqual(fromSqlite);
      compared += fromSqlite.length;
    }
    expect(compared).toBeGreaterThan(1000);

    // New rows continue after the copied ids.
    const { rows } = await target.$client.query(
      "insert into tenants (name, domain) values ('Fabrikam', 'fabrikam.com') returning id",
    );
    const maxTenant = sqlite.db.$client.prepare("select max(id) from tenants").pluck().get() as number;
    expect(rows[0].id).toBe(maxTenant + 1);

    // A second copy into the same database is refused, and changes nothing in it.
    const count = async () => Number((await target.$client.query("select count(*) from audit_events")).rows[0].count);
    const before = await count();
    await expect(copyToPostgres(file, target)).rejects.toThrow(TargetNotEmpty);
    expect(await count()).toBe(before);
  });

  it("reports an event edited in the source (with its guard dropped) as edited, at its seq", async () => {
    const tampered = await withHistory(await createTestDb({ demo: true }));
    try {
      tampered.db.$client.exec(
        "drop trigger audit_events_no_update; update audit_events set target_label = 'forged' where seq = 5500",
      );
      const report = await copyToPostgres(tampered.db.$client.name, await freshDatabase("copy_tampered"));
      expect(report.audit.fault).toBe("edited at event 5500");
      expect(report.audit.headSeq).toBe(5499);
      // Its checkpoint (signed before the edit, at the head) is not reproduced.
      expect(report.checkpoints.reproduced).toBeLessThan(report.checkpoints.of);
    } finally {
      await tampered.dispose();
    }
  });

  it("is what `npm run db:copy -- --to postgres://…` does, with the keys from the environment", async () => {
    await freshDatabase("copy_cli");
    const url = cluster.url.replace(/\/mailgate$/, "/copy_cli");
    const run = () =>
      promisify(execFile)("npm", ["run", "--silent", "db:copy", "--", "--to", url], {
        env: { ...process.env, DATABASE_PATH: file },
      });
    const { stdout } = await run();
    const head = sqlite.db.$client.prepare("select max(seq) from audit_events").pluck().get() as number;
    expect(stdout).toContain(`✓ audit chain verified on PostgreSQL: ${head} events`);
    expect(stdout).toMatch(/✓ the copy reproduces all \d+ of the source's signed checkpoints/);
    expect(stdout).toContain("✓ the grid's and the Users page's counts match the source's");
    // Twice into the same database: refused, exit 2.
    await expect(run()).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("already holds data") });
  }, 60_000);
});
