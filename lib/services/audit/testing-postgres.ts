import pg from "pg";
import { startCluster } from "@/scripts/pg-cluster.mjs";

/**
 * Test helpers for the audit log on PostgreSQL (the *.pg.test.ts files): one throw-away cluster per
 * file, and a migrated database of its own for each test, named `<prefix>_<n>`, with a digest folder
 * of its own (as each SQLite database file has one beside it). `start` sets DATABASE_URL, so a file
 * imports the data layer after it (db/dialect.ts decides once per process).
 */
export function auditTestCluster(prefix: string) {
  let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
  const pools: pg.Pool[] = [];
  let databases = 0;
  const url = () => cluster!.url;
  /** The cluster's URL for another database. */
  const onDatabase = (name: string) => url().replace(/\/[^/]*$/, `/${name}`);

  /** One statement (or several) as the cluster's superuser, on its own connection. */
  async function superuser<Row = Record<string, unknown>>(text: string, on = url()): Promise<Row[]> {
    const client = new pg.Client({ connectionString: on });
    await client.connect();
    try {
      return (await client.query(text)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  return {
    url,
    onDatabase,
    superuser,
    /** Rewrites rows as someone with the database's superuser would: with the append-only triggers bypassed. */
    tamper: (on: string, text: string) =>
      superuser(`begin; set local session_replication_role = replica; ${text}; commit`, on),
    async start() {
      cluster = await startCluster();
      process.env.DATABASE_URL = cluster.url;
    },
    async stop() {
      await Promise.all(pools.filter((pool) => !pool.ended).map((pool) => pool.end()));
      await cluster?.stop();
    },
    /** A migrated database of its own, its location (the URL), the portal's handle on it and its digest folder. */
    async freshDatabase() {
      const { openPgDb } = await import("@/db/pg/client");
      const { openPortalPg, poolOf } = await import("@/db/pg/portal");
      const name = `${prefix}_${++databases}`;
      await superuser(`create database ${name}`);
      const at = onDatabase(name);
      await (await openPgDb(at, { max: 1 })).$client.end();
      const db = openPortalPg(at, { max: 2 });
      pools.push(poolOf(db));
      return { name, url: at, db, pool: poolOf(db), digests: `${process.env.MAILGATE_DIGEST_DIR}/${name}` };
    },
  };
}
