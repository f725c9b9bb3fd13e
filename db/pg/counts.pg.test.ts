import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startCluster } from "@/scripts/pg-cluster.mjs";

// The maintained counts on PostgreSQL, kept per statement (db/pg/migrations/0002): after inserts,
// multi-row updates that move mailboxes between groups (and ones that move none), a change of
// directory user, and deletes, in one transaction and across several, each count is COUNT(*)'s.

let cluster: Awaited<ReturnType<typeof startCluster>>;
let client: pg.Client;

const MAILBOXES = `select environment_id, is_active, email_status, mailbox_status, count(*)::int as n from mailboxes group by 1, 2, 3, 4`;
const MAILBOX_COUNTS = `select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts where n <> 0`;
const USERS = `select eu.environment_id, eu.is_enabled and d.is_enabled as is_enabled, count(*)::int as n
  from environment_users eu join directory_users d on d.id = eu.directory_user_id group by 1, 2`;
const USER_COUNTS = `select environment_id, is_enabled, n from environment_user_counts where n <> 0`;

const sorted = async (text: string) =>
  (await client.query(text)).rows.map((r: Record<string, unknown>) => JSON.stringify(Object.values(r))).sort();

async function expectCountsMatch() {
  expect(await sorted(MAILBOX_COUNTS)).toEqual(await sorted(MAILBOXES));
  expect(await sorted(USER_COUNTS)).toEqual(await sorted(USERS));
}

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATABASE_URL = cluster.url;
  const { openPgDb } = await import("./client");
  const { seedDemo } = await import("@/db/seed/demo");
  const { openPortalPg, poolOf } = await import("./portal");
  await (await openPgDb(cluster.url)).$client.end();
  const db = openPortalPg(cluster.url);
  await seedDemo(db, new Date("2026-11-01T00:00:00Z"));
  await poolOf(db).end();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
}, 60_000);
afterAll(async () => {
  await client?.end();
  await cluster?.stop();
});

describe("the maintained counts on PostgreSQL, one upsert per statement", () => {
  it("match COUNT(*) after the seed's inserts", async () => {
    expect((await client.query("select count(*)::int as n from mailboxes")).rows[0].n).toBeGreaterThan(0);
    await expectCountsMatch();
  });

  it("follow a multi-row update that moves mailboxes between groups, and one that moves none, in one transaction", async () => {
    await client.query("begin");
    await client.query(
      "update mailboxes set email_status = case when email_status = 1 then 0 else 1 end where id % 3 = 0",
    );
    await client.query("update mailboxes set version = version + 1");
    await client.query("update mailboxes set is_active = not is_active where id % 5 = 0");
    await client.query("commit");
    await expectCountsMatch();
  });

  it("follow memberships disabled, a directory user disabled, and deletes", async () => {
    await client.query("update environment_users set is_enabled = not is_enabled where id % 4 = 0");
    await client.query(
      "update directory_users set is_enabled = false where id = (select min(directory_user_id) from environment_users)",
    );
    await client.query("delete from mailboxes where id % 7 = 0");
    await expectCountsMatch();
  });
});
