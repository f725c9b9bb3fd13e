import fs from "node:fs";
import Database from "better-sqlite3";
import { getTableColumns, is, type Column } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { PoolClient } from "pg";
import * as sqliteSchema from "../schema/tables";
import { readKeyedFrom } from "@/lib/services/audit/chain";
import { readDigests, type Checkpoint } from "@/lib/services/audit/checkpoints";
import { chainKey, digestDirFor, signingKey } from "@/lib/services/audit/keys";
import { walkPgChain } from "@/lib/services/audit/walk-postgres";
import type { PgDb } from "./client";
import * as pgSchema from "./schema";

/**
 * Moving an installation from SQLite to PostgreSQL (issue 19: `npm run db:copy -- --to postgres://…`).
 * Every table is copied from one consistent snapshot of the SQLite file, in one PostgreSQL
 * transaction, parents before children and each table in key order, values decoded by the SQLite
 * columns and encoded by their PostgreSQL twins. The audit log goes in event by event through its
 * append-only trigger, which refuses any event that does not link to the one before, and is then
 * walked again on PostgreSQL with the key. Counts kept by triggers are rebuilt by the copy's own
 * inserts and compared with the source's.
 */

/** Kept by triggers on both sides (db/pg/migrations/0001): rebuilt by the inserts, then compared. */
const MAINTAINED = ["mailbox_counts", "environment_user_counts"];
/** Rows per INSERT: 18 columns × 500 stays far below PostgreSQL's 65,535 parameters. */
const BATCH = 500;

export type CopyReport = {
  tables: { name: string; rows: number }[];
  audit: { events: number; headSeq: number; headHash: string | null; fault: string | null };
  /** The source's signed checkpoints (its digest folder) the copy reproduces: head hash and public digest at their seq. */
  checkpoints: { reproduced: number; of: number; mismatch: string | null };
  maintainedCountsMatch: boolean;
};

export class TargetNotEmpty extends Error {
  override name = "TargetNotEmpty";
}

type Entry = { key: string; name: string; table: SQLiteTable };
type Query = (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** The tables parents first (foreign keys point backwards), so every row's references exist when it arrives. */
function tablesInOrder(): Entry[] {
  const entries = Object.entries(sqliteSchema)
    .filter(([, t]) => is(t, SQLiteTable))
    .map(([key, table]) => ({ key, name: getTableConfig(table as SQLiteTable).name, table: table as SQLiteTable }));
  const byName = new Map(entries.map((e) => [e.name, e]));
  const ordered: Entry[] = [];
  const visiting = new Set<string>();
  const visit = (entry: Entry) => {
    if (ordered.includes(entry) || visiting.has(entry.name)) return; // a table referencing itself: rows in key order
    visiting.add(entry.name);
    for (const fk of getTableConfig(entry.table).foreignKeys)
      visit(byName.get(getTableConfig(fk.reference().foreignTable).name)!);
    ordered.push(entry);
  };
  entries.forEach(visit);
  return ordered;
}

/** Copies the SQLite database in `file` into the empty, migrated PostgreSQL database `target`, then checks the copy. */
export async function copyToPostgres(file: string, target: PgDb): Promise<CopyReport> {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const client = await target.$client.connect();
  try {
    const pg: Query = (text, values = []) => client.query(text, values);
    const { rows: used } = await pg(
      "select exists (select 1 from tenants) or exists (select 1 from audit_events) as used",
    );
    if (used[0]?.used) throw new TargetNotEmpty("The PostgreSQL database already holds data: copy into an empty one.");
    // One snapshot of the source for every table, however long the copy takes (a read-only
    // connection: its deferred transaction never writes, so never needs IMMEDIATE).
    source.exec("BEGIN");
    await pg("BEGIN");
    const tables: CopyReport["tables"] = [];
    for (const entry of tablesInOrder()) {
      // The keyed-from mark is set once on both sides: copyKeyedFrom moves it past its guards.
      if (MAINTAINED.includes(entry.name) || entry.name === "audit_chain") continue;
      tables.push({ name: entry.name, rows: await copyTable(source, client, entry) });
    }
    await copyKeyedFrom(source, pg);
    await resetIdentities(pg);
    const maintainedCountsMatch = await compareMaintained(source, pg);
    await pg("COMMIT");
    return { tables, ...(await walkCopiedChain(file, source, client)), maintainedCountsMatch };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
    source.close();
  }
}

async function copyTable(source: Database.Database, client: PoolClient, { key, name, table }: Entry): Promise<number> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const select = source
    .prepare(`SELECT ${columns.map(([, c]) => `"${c.name}"`).join(", ")} FROM "${name}" ORDER BY rowid`)
    .raw(true);
  const twin = (pgSchema as unknown as Record<string, Parameters<ReturnType<typeof drizzle>["insert"]>[0]>)[key]!;
  const db = drizzle(client);
  let batch: Record<string, unknown>[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length) await db.insert(twin).values(batch);
    rows += batch.length;
    batch = [];
  };
  for (const raw of select.iterate() as Iterable<unknown[]>) {
    // Decoded as the app reads it (Date, boolean, parsed JSON), to be encoded by the PostgreSQL column.
    batch.push(
      Object.fromEntries(columns.map(([k, c], i) => [k, raw[i] === null ? null : c.mapFromDriverValue(raw[i])])),
    );
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return rows;
}

/** The first keyed event, as the source recorded it: set once, so its guards step aside for the copy alone. */
async function copyKeyedFrom(source: Database.Database, pg: Query) {
  const row = source.prepare("SELECT keyed_from AS keyedFrom, created_at AS createdAt FROM audit_chain").get() as
    | { keyedFrom: number; createdAt: number }
    | undefined;
  if (!row) return;
  await pg("ALTER TABLE audit_chain DISABLE TRIGGER USER");
  await pg("DELETE FROM audit_chain");
  await pg("INSERT INTO audit_chain (keyed_from, created_at) VALUES ($1, $2)", [
    row.keyedFrom,
    new Date(row.createdAt),
  ]);
  await pg("ALTER TABLE audit_chain ENABLE TRIGGER USER");
}

/** Identity columns continue after the copied ids. */
async function resetIdentities(pg: Query) {
  const { rows } = await pg(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and is_identity = 'YES'",
  );
  for (const { table_name: t, column_name: c } of rows as { table_name: string; column_name: string }[])
    await pg(
      `select setval(pg_get_serial_sequence('"${t}"', '${c}'), coalesce((select max("${c}") from "${t}"), 0) + 1, false)`,
    );
}

async function compareMaintained(source: Database.Database, pg: Query) {
  const mailboxes = "select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts where n > 0";
  const users = "select environment_id, is_enabled, n from environment_user_counts where n > 0";
  const norm = (rows: unknown[]) =>
    JSON.stringify(
      // Booleans are 0/1 in SQLite; every value here is a number once compared.
      rows.map((r) => Object.values(r as object).map(Number)).sort(),
    );
  const same = async (query: string) => norm(source.prepare(query).all()) === norm((await pg(query)).rows);
  return (await same(mailboxes)) && (await same(users));
}

/**
 * The copied chain walked on PostgreSQL with the key, as `npm run audit:verify -- --full` walks
 * SQLite's: it must end where the source's does, and reproduce the source's signed checkpoints.
 */
async function walkCopiedChain(
  file: string,
  source: Database.Database,
  client: PoolClient,
): Promise<Pick<CopyReport, "audit" | "checkpoints">> {
  const signed = signedCheckpoints(file);
  const checkpoints = { reproduced: 0, of: signed.size, mismatch: null as string | null };
  const walk = await walkPgChain(client, chainKey(), readKeyedFrom(source), (seq, hash, digest) => {
    const c = signed.get(seq);
    if (!c) return;
    if (c.headHash === hash && c.digest === digest) checkpoints.reproduced++;
    else checkpoints.mismatch ??= `event ${seq} differs from its checkpoint of ${c.at}`;
  });
  if (walk.fault) return { audit: walk, checkpoints };
  const head = (source.prepare("SELECT max(seq) FROM audit_events").pluck().get() as number | null) ?? 0;
  const fault = head !== walk.headSeq ? `the copy ends at event ${walk.headSeq}, the source at ${head}` : null;
  return { audit: { ...walk, fault }, checkpoints };
}

/** The source's checkpoints, each signature checked with the public key, by seq (none without a signing key or folder). */
function signedCheckpoints(file: string): Map<number, Checkpoint> {
  const dir = digestDirFor(file);
  const key = signingKey();
  if (!dir || !key || !fs.existsSync(dir)) return new Map();
  const { anchors } = readDigests(dir, key.publicKey, { all: true });
  return new Map(anchors.active.filter((c) => c.kind === "checkpoint").map((c) => [c.seq, c]));
}
