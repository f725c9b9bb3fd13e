import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openDb } from "@/db/client";
import { readKeyedFrom } from "./chain";
import { digestDirFor } from "./keys";
import { DatabaseInUse, isRestorable, recordRestore, type RestoreOutcome } from "./restore-record";
import type { AuditVerdict } from "./verdict";
import { verifyAuditLog } from "./verify";

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/**
 * A consistent copy of a live database (VACUUM INTO reads one snapshot; the server keeps
 * writing meanwhile), then the copy's whole chain verified against the database's checkpoints up
 * to the copy's own head. A plain `cp` of a database in WAL mode loses what is still in the WAL.
 */
export async function backupDatabase(
  file: string,
  opts: { dir?: string; at?: Date } = {},
): Promise<{ file: string; verdict: AuditVerdict }> {
  const dir = opts.dir ?? path.join(path.dirname(file), "backups");
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${path.basename(file, ".db")}-${stamp(opts.at ?? new Date())}.db`);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    source.prepare("VACUUM INTO ?").run(target);
  } finally {
    source.close();
  }
  return {
    file: target,
    verdict: await verifyAuditLog(target, { full: true, upToOwnHead: true, dir: digestDirFor(file) ?? undefined }),
  };
}

/**
 * Refuses when any process (the server, a job, a command-line tool) has the database open:
 * leaving WAL mode needs every other connection gone, so SQLite itself answers, with no pid file
 * to go stale after a kill -9. WAL mode is switched back on at once.
 */
export function assertNotInUse(file: string): void {
  if (!fs.existsSync(file)) return;
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    const mode = probe.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new DatabaseInUse(`${file} is in use by another process`);
    probe.pragma("journal_mode = WAL");
  } catch (error) {
    if (error instanceof DatabaseInUse || (error as { code?: string }).code === "SQLITE_BUSY") {
      throw new DatabaseInUse(
        `${file} is open in another process: stop the server (and any job or tool using it) first.`,
      );
    }
    throw error;
  } finally {
    probe.close();
  }
}

/**
 * Puts a backup in place of the database: only while nobody uses it, only when the backup's
 * chain verifies against the checkpoints up to its own head, keeping the replaced file beside it.
 * Then appends the signed "restore" record (restore-record.ts). PostgreSQL's: restore-postgres.ts.
 */
export async function restoreDatabase(backup: string, file: string, opts: { at?: Date } = {}): Promise<RestoreOutcome> {
  const at = opts.at ?? new Date();
  assertNotInUse(file);
  const dir = digestDirFor(file) ?? undefined;
  const incoming = `${file}.restoring`;
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(incoming + suffix, { force: true });
  fs.copyFileSync(backup, incoming);
  // Brings an older backup's schema up to date (and into WAL mode) before checking it.
  openDb(incoming).$client.close();
  const verdict = await verifyAuditLog(incoming, { full: true, upToOwnHead: true, withDigest: true, dir });
  // The checkpointed copy holds everything; the read-only check left empty WAL files behind.
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(incoming + suffix, { force: true });
  if (!isRestorable(verdict)) {
    fs.rmSync(incoming, { force: true });
    return { ok: false, verdict, message: `${path.basename(backup)} does not verify, so it was not restored.` };
  }
  let previous: string | null = null;
  if (fs.existsSync(file)) {
    previous = `${file}.before-restore-${stamp(at)}`;
    for (const suffix of ["", "-wal", "-shm"])
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, previous + suffix);
  }
  fs.renameSync(incoming, file);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const keyedFrom = readKeyedFrom(reader);
  reader.close();
  return { ok: true, verdict, previous, record: recordRestore({ verdict, keyedFrom, backup, at, dir }) };
}
