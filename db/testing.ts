import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDb, type Db } from "./client";
import { DIALECT } from "./dialect";
import { openPortalPg, poolOf } from "./pg/portal";

export { DEMO_SEEDED_AT } from "./test-templates";

/** A unit test's own database and how to drop it. */
export type TestDb = { db: Db; dispose: () => Promise<void> };

/**
 * A database of one unit test's own, copied from a template built once per run: migrated and
 * empty, or with the Contoso demo seeded at DEMO_SEEDED_AT (`{ demo: true }`). On SQLite a
 * temporary file copied from db/test-templates.ts's; on PostgreSQL (the "services on postgresql"
 * project, vitest.config.mts) a database created from db/pg/test-templates.ts's template on the
 * run's cluster. Close it with `dispose`.
 */
export async function createTestDb(options: { demo?: boolean } = {}): Promise<TestDb> {
  return DIALECT === "postgresql" ? createPgTestDb(options) : createSqliteTestDb(options);
}

function createSqliteTestDb(options: { demo?: boolean }): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject(options.demo ? "demoDatabase" : "emptyDatabase"), file);
  const db = openDb(file);
  return {
    db,
    dispose: async () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let created = 0;

async function createPgTestDb(options: { demo?: boolean }): Promise<TestDb> {
  const { url, emptyTemplate, demoTemplate } = inject("pgTemplates");
  // Unique across the run's processes, which share the cluster.
  const name = `t_${process.pid}_${++created}`;
  // FILE_COPY copies the template's files (the test cluster runs without fsync, so its checkpoint is
  // cheap) instead of writing every page through the WAL: the project took 75–82 s of CPU, not 95.
  await asSuperuser(
    url,
    `create database ${name} template ${options.demo ? demoTemplate : emptyTemplate} strategy file_copy`,
  );
  const db = openPortalPg(url.replace(/\/[^/]*$/, `/${name}`));
  return {
    db,
    dispose: async () => {
      await poolOf(db).end();
      await asSuperuser(url, `drop database ${name} with (force)`);
    },
  };
}

async function asSuperuser(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
