import { is } from "drizzle-orm";
import { getTableConfig as pgConfig, type PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sqliteSchema from "@/db/schema/tables";
import { createTestDb } from "@/db/testing";
import { startCluster } from "@/scripts/pg-cluster.mjs";
import { openPgDb, type PgDb } from "./client";
import * as pgSchema from "./schema";

// Issue 19: one definition of the tables for both dialects. PostgreSQL's are derived from the
// SQLite ones (db/pg/derive.ts) and migrated by db/pg/migrations; these tests compare a migrated
// SQLite database and a migrated PostgreSQL database (a throw-away cluster) with each other.

const sqliteTables = Object.entries(sqliteSchema).filter(([, t]) => is(t, SQLiteTable)) as [string, SQLiteTable][];

/** What each SQLite column kind must be in PostgreSQL (information_schema's data_type). */
const PG_TYPE: Record<string, string> = {
  SQLiteInteger: "integer",
  SQLiteTimestamp: "timestamp with time zone",
  SQLiteBoolean: "boolean",
  SQLiteTextJson: "jsonb",
  SQLiteText: "text",
};

const PG_ONLY = ["api_rate_windows", "mailbox_search"];

describe("the PostgreSQL tables", () => {
  it("are every SQLite table, under the same export name and table name", () => {
    const pgTables = pgSchema as unknown as Record<string, PgTable | undefined>;
    for (const [name, table] of sqliteTables)
      expect(pgTables[name] && pgConfig(pgTables[name]).name, name).toBe(sqliteConfig(table).name);
    expect(Object.keys(pgSchema).sort()).toEqual(sqliteTables.map(([name]) => name).sort());
  });
});

describe("a migrated PostgreSQL database and a migrated SQLite database", async () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let pg: PgDb;
  let client: Client;
  const sqlite = await createTestDb();
  const rows = async <T>(text: string, values: unknown[] = []) => (await client.query(text, values)).rows as T[];

  beforeAll(async () => {
    cluster = await startCluster();
    pg = await openPgDb(cluster.url, { max: 2 });
    client = new Client({ connectionString: cluster.url });
    await client.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await pg?.$client.end();
    await cluster?.stop();
    await sqlite.dispose();
  });

  it("have the same tables, columns, nullability and types", async () => {
    const live = sqlite.db.$client;
    const sqliteNames = (
      live
        .prepare(
          "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like 'mailbox_search%'",
        )
        .pluck()
        .all() as string[]
    ).sort();
    const pgNames = (
      await rows<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      )
    ).map((r) => r.table_name);
    // PostgreSQL's tables of its own: the API's rate-limit counts, which SQLite keeps in a file of
    // their own (db/rate-windows.ts), and the search's trigrams, which SQLite keeps in its FTS5
    // tables (mailbox_search%, left out above); neither is a table of the derived schema.
    expect(pgNames).toEqual([...sqliteNames, ...PG_ONLY].sort());

    for (const [, table] of sqliteTables) {
      const { name, columns } = sqliteConfig(table);
      const sqliteColumns = live.prepare(`select name, "notnull" as required from pragma_table_info(?)`).all(name) as {
        name: string;
        required: number;
      }[];
      const pgColumns = await rows<{ column_name: string; is_nullable: string; data_type: string }>(
        "select column_name, is_nullable, data_type from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
        [name],
      );
      // By name: SQLite appends a column added by a later migration, wherever its definition has it.
      expect(pgColumns.map((c) => c.column_name).sort(), name).toEqual(sqliteColumns.map((c) => c.name).sort());
      for (const column of pgColumns) {
        const defined = columns.find((c) => c.name === column.column_name)!;
        const inSqlite = sqliteColumns.find((c) => c.name === column.column_name)!;
        // SQLite's integer primary keys are NOT NULL whatever table_info says.
        const sqliteNotNull = inSqlite.required === 1 || defined.primary;
        expect(`${name}.${column.column_name} ${column.is_nullable === "NO"}`).toBe(
          `${name}.${column.column_name} ${sqliteNotNull}`,
        );
        expect(`${name}.${column.column_name} ${column.data_type}`).toBe(
          `${name}.${column.column_name} ${PG_TYPE[defined.columnType]}`,
        );
      }
    }
  });

  it("have the same indexes: names, uniqueness, key columns and whether partial", async () => {
    const live = sqlite.db.$client;
    type Shape = { unique: boolean; partial: boolean; columns: string[] };
    const sqliteIndexes = new Map<string, Shape>();
    for (const ix of live
      .prepare(
        "select i.name, i.tbl_name as tableName, i.sql from sqlite_schema i where i.type = 'index' and i.name not like 'sqlite_autoindex_%'",
      )
      .all() as { name: string; tableName: string; sql: string }[]) {
      const keys = live.prepare("select name from pragma_index_xinfo(?) where key = 1 order by seqno").all(ix.name) as {
        name: string | null;
      }[];
      sqliteIndexes.set(ix.name, {
        unique: /^create unique/i.test(ix.sql),
        partial: / where /i.test(ix.sql),
        // An expression (lower(name)) has no column name in SQLite: compared as "expr".
        columns: keys.map((k) => k.name ?? "expr"),
      });
    }
    const pgIndexes = new Map<string, Shape>();
    for (const ix of await rows<{ name: string; unique: boolean; partial: boolean; columns: (string | null)[] }>(`
      select c.relname as name, i.indisunique as unique, i.indpred is not null as partial,
        array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, n)
              left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
              order by k.n) as columns
      from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = 'public' and not i.indisprimary`))
      pgIndexes.set(ix.name, { unique: ix.unique, partial: ix.partial, columns: ix.columns.map((c) => c ?? "expr") });
    // The search's trigram indexes stand in for SQLite's FTS5 table (0005_search_table.sql).
    for (const search of ["mailbox_search_name_trgm_ix", "mailbox_search_email_address_trgm_ix"]) {
      expect(pgIndexes.has(search), search).toBe(true);
      pgIndexes.delete(search);
    }
    expect(Object.fromEntries([...pgIndexes].sort())).toEqual(Object.fromEntries([...sqliteIndexes].sort()));
  });

  it("keep the audit log append-only in PostgreSQL as in SQLite", async () => {
    const zeros = "0".repeat(64);
    const event = (seq: number, prevHash: string, hash: string) =>
      client.query("insert into audit_events (seq, at, action, prev_hash, hash) values ($1, now(), 'Test', $2, $3)", [
        seq,
        prevHash,
        hash,
      ]);
    await event(1, zeros, "a".repeat(64));
    await event(2, "a".repeat(64), "b".repeat(64));
    const refused = /append-only/;
    await expect(event(4, "b".repeat(64), "c".repeat(64)), "a gap").rejects.toThrow(refused);
    await expect(event(3, "a".repeat(64), "c".repeat(64)), "a fork off the head").rejects.toThrow(refused);
    await expect(client.query("update audit_events set action = 'Edited' where seq = 1")).rejects.toThrow(refused);
    await expect(client.query("delete from audit_events where seq = 2")).rejects.toThrow(refused);
    await expect(client.query("truncate audit_events")).rejects.toThrow(refused);
    await expect(
      client.query(
        "insert into audit_events (seq, at, action, prev_hash, hash) values (2, now(), 'Forged', $1, $2) on conflict (seq) do update set action = 'Forged'",
        ["b".repeat(64), "c".repeat(64)],
      ),
      "an upsert over an event",
    ).rejects.toThrow(refused);
    expect(await rows("select seq, action from audit_events order by seq")).toEqual([
      { seq: 1, action: "Test" },
      { seq: 2, action: "Test" },
    ]);
    // The check runs once per statement, over all of its rows (0004_audit_append_per_statement.sql).
    const events = (...list: [number, string, string][]) =>
      client.query(
        `insert into audit_events (seq, at, action, prev_hash, hash) values ${list.map((_, i) => `($${3 * i + 1}, now(), 'Many', $${3 * i + 2}, $${3 * i + 3})`).join(", ")}`,
        list.flat(),
      );
    const [b, c, d, e] = ["b", "c", "d", "e"].map((x) => x.repeat(64)) as [string, string, string, string];
    await expect(events([3, b, c], [4, b, d]), "a row of many that does not link").rejects.toThrow(refused);
    await expect(events([3, b, c], [5, c, d]), "a gap between two rows of one statement").rejects.toThrow(refused);
    await expect(events([4, c, d], [3, b, c], [5, d, d], [2, b, e]), "one row over an event").rejects.toThrow();
    await expect(events([0, zeros, c]), "before the first event").rejects.toThrow(refused);
    await events([5, d, e], [3, b, c], [4, c, d]);
    expect(await rows("select seq, action from audit_events where seq > 2 order by seq")).toEqual([
      { seq: 3, action: "Many" },
      { seq: 4, action: "Many" },
      { seq: 5, action: "Many" },
    ]);
    await expect(events([7, e, c]), "past the new head").rejects.toThrow(refused);
    expect(await rows("select keyed_from from audit_chain")).toEqual([{ keyed_from: 1 }]);
    await expect(client.query("update audit_chain set keyed_from = 3")).rejects.toThrow(/set once/);
    await expect(client.query("insert into audit_chain values (5, now())")).rejects.toThrow(/set once/);
  });

  it("keep the grid's and the Users page's counts equal to COUNT(*) through inserts, changes and deletes", async () => {
    const [tenant] = await rows<{ id: number }>(
      "insert into tenants (name, domain) values ('Contoso', 'contoso.com') returning id",
    );
    const [environment] = await rows<{ id: number }>(
      "insert into environments (tenant_id, name, slug, type, created_at) values ($1, 'Sales', 'sales', 'Production', now()) returning id",
      [tenant!.id],
    );
    const insertMailbox = (name: string) =>
      client.query(
        "insert into mailboxes (environment_id, name, email_address, regarding_type, created_at) values ($1, $2, $3, 'user', now())",
        [environment!.id, name, `${name}@contoso.com`],
      );
    for (const name of ["ada", "bob", "cy", "dee"]) await insertMailbox(name);
    await client.query("update mailboxes set email_status = 1 where name in ('ada', 'bob')");
    await client.query("update mailboxes set is_active = false where name = 'cy'");
    await client.query("update mailboxes set name = 'dee2' where name = 'dee'");
    await client.query("delete from mailboxes where name = 'bob'");
    const counted = await rows(
      "select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts where n > 0 order by 1, 2, 3, 4",
    );
    const actual = await rows(
      "select environment_id, is_active, email_status, mailbox_status, count(*)::int as n from mailboxes group by 1, 2, 3, 4 order by 1, 2, 3, 4",
    );
    expect(counted).toEqual(actual);
    expect(counted.length).toBeGreaterThan(1);
    // The search's trigram table (0005_search_table.sql) follows the same inserts, the rename and the
    // delete, row for row.
    expect(
      await rows(`select count(*)::int as n from mailboxes m full join mailbox_search s on s.mailbox_id = m.id
        where m.id is null or s.mailbox_id is null or s.name <> m.name or s.email_address <> m.email_address`),
    ).toEqual([{ n: 0 }]);
    expect(await rows("select name from mailbox_search order by name")).toEqual([
      { name: "ada" },
      { name: "cy" },
      { name: "dee2" },
    ]);

    // The Users page's: enabled here and in the directory, or not.
    for (const name of ["eve", "fay", "gus"]) {
      const [person] = await rows<{ id: number }>(
        "insert into directory_users (tenant_id, upn, display_name, created_at) values ($1, $2, $2, now()) returning id",
        [tenant!.id, `${name}@contoso.com`],
      );
      await client.query(
        "insert into environment_users (environment_id, directory_user_id, full_name, email, created_at) values ($1, $2, $3, $3, now())",
        [environment!.id, person!.id, name],
      );
    }
    await client.query("update directory_users set is_enabled = false where upn = 'eve@contoso.com'");
    await client.query("update environment_users set is_enabled = false where full_name = 'fay'");
    await client.query("update directory_users set is_enabled = false where upn = 'fay@contoso.com'");
    expect(
      await rows("select environment_id, is_enabled, n from environment_user_counts where n > 0 order by 2"),
    ).toEqual(
      await rows(`select eu.environment_id, eu.is_enabled and du.is_enabled as is_enabled, count(*)::int as n
        from environment_users eu join directory_users du on du.id = eu.directory_user_id group by 1, 2 order by 2`),
    );
  });
});
