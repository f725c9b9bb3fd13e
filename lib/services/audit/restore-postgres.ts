import "server-only";
import path from "node:path";
import pg from "pg";
import { withoutPassword } from "@/db/client";
import { connectClient, openPgDb } from "@/db/pg/client";
import { pgToolPath, runPgTool } from "@/db/pg/tools";
import { digestDirFor } from "./keys";
import { openChainReader } from "./reader";
import { DatabaseInUse, isRestorable, recordRestore, type RestoreOutcome } from "./restore-record";
import { verifyAuditLog } from "./verify";

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15);

/**
 * `npm run restore` on PostgreSQL (issue 19), with SQLite's guarantees (backup.ts, restoreDatabase):
 * 1. refused while any other session is connected to the database (an app server, a job, psql);
 * 2. the dump is restored into a scratch database on the same server, migrated, and its chain
 *    verified there against the checkpoints up to its own head, before the live database is
 *    touched; refused unless it verifies, and the scratch database dropped;
 * 3. in one transaction the live database is renamed to `<name>_replaced_<time>` (kept, as SQLite
 *    keeps the replaced file) and the scratch one to the live name;
 * 4. the signed "restore" record (restore-record.ts) for the checkpointed events it lacks.
 * CREATE, ALTER and DROP DATABASE run on a connection to another database (`postgres`), as a
 * database cannot be renamed while anyone, this tool included, is connected to it.
 */
export async function restorePostgresDatabase(
  backup: string,
  url: string,
  opts: { at?: Date; pgRestore?: string } = {},
): Promise<RestoreOutcome> {
  const at = opts.at ?? new Date();
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name) throw new Error(`DATABASE_URL names no database: ${withoutPassword(url)}`);
  const scratch = nameWith(name, `_restoring_${stamp(at)}`);
  const admin = await connectClient(onDatabase(url, name === "postgres" ? "template1" : "postgres"));
  try {
    await assertNoOtherSessions(admin, name);
    const live = await admin.query<{ encoding: string; collate: string; ctype: string }>(
      `select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype
         from pg_database where datname = $1`,
      [name],
    );
    const like = live.rows[0];
    const settings = like
      ? ` encoding ${lit(like.encoding)} lc_collate ${lit(like.collate)} lc_ctype ${lit(like.ctype)}`
      : "";
    await admin.query(`create database ${id(scratch)} template template0${settings}`);
    let inPlace = false;
    try {
      const incoming = onDatabase(url, scratch);
      await runPgTool(
        opts.pgRestore ?? pgToolPath("pg_restore"),
        ["--no-owner", "--exit-on-error", `--dbname=${incoming}`, backup],
        incoming,
      );
      // Brings an older backup's schema up to date before checking it.
      await (await openPgDb(incoming, { max: 1 })).$client.end();
      const dir = digestDirFor(url) ?? undefined;
      const verdict = await verifyAuditLog(incoming, { full: true, upToOwnHead: true, withDigest: true, dir });
      if (!isRestorable(verdict))
        return { ok: false, verdict, message: `${path.basename(backup)} does not verify, so it was not restored.` };
      const reader = await openChainReader(incoming);
      const keyedFrom = await reader.keyedFrom();
      await reader.close();
      const previous = like ? nameWith(name, `_replaced_${stamp(at)}`) : null;
      await swap(admin, { name, scratch, previous });
      inPlace = true;
      return { ok: true, verdict, previous, record: recordRestore({ verdict, keyedFrom, backup, at, dir }) };
    } finally {
      if (!inPlace) await admin.query(`drop database if exists ${id(scratch)} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * Refuses while anyone else is connected, naming them, so an operator knows what to stop.
 * Autovacuum is not anyone: PostgreSQL ends its workers itself for a rename.
 */
async function assertNoOtherSessions(admin: pg.Client, name: string): Promise<void> {
  const { rows } = await admin.query<{ pid: number; app: string; addr: string | null }>(
    `select pid, application_name as app, host(client_addr) as addr from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid() and backend_type <> 'autovacuum worker' order by pid`,
    [name],
  );
  if (rows.length === 0) return;
  const who = rows.map(
    (r) => `pid ${r.pid} ${r.app ? `"${r.app}"` : "(no application_name)"} from ${r.addr ?? "a local socket"}`,
  );
  throw new DatabaseInUse(
    `${rows.length} other ${rows.length === 1 ? "session is" : "sessions are"} connected to database ${name} (${who.join(", ")}): stop the app servers (and any job or tool using it) first.`,
  );
}

/** Both renames or neither. A session that connected since the check makes the rename fail: refused as in use. */
async function swap(admin: pg.Client, to: { name: string; scratch: string; previous: string | null }): Promise<void> {
  await admin.query("begin");
  try {
    await assertNoOtherSessions(admin, to.name);
    if (to.previous) await admin.query(`alter database ${id(to.name)} rename to ${id(to.previous)}`);
    await admin.query(`alter database ${id(to.scratch)} rename to ${id(to.name)}`);
    await admin.query("commit");
  } catch (error) {
    await admin.query("rollback");
    if ((error as { code?: string }).code === "55006") throw new DatabaseInUse((error as Error).message);
    throw error;
  }
}

/** The same server and credentials, another database. */
function onDatabase(url: string, name: string): string {
  const other = new URL(url);
  other.pathname = `/${encodeURIComponent(name)}`;
  return other.toString();
}

/** `name` + `suffix` within PostgreSQL's 63 bytes for a name (it would silently cut a longer one). */
function nameWith(name: string, suffix: string): string {
  let base = name;
  while (Buffer.byteLength(base + suffix) > 63) base = base.slice(0, -1);
  return base + suffix;
}
const id = pg.escapeIdentifier;
const lit = pg.escapeLiteral;
