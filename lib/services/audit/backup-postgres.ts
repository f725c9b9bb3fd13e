import "server-only";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { connectClient } from "@/db/pg/client";
import { withoutPassword } from "@/db/client";
import { digestDirFor } from "./keys";
import { pgChainReader } from "./reader";
import type { AuditVerdict } from "./verdict";
import { verifyAuditReader } from "./verify";

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/**
 * `npm run backup` on PostgreSQL (issue 19): pg_dump of one snapshot, and that very snapshot's
 * audit chain verified in full against the checkpoints. The snapshot is exported from a REPEATABLE
 * READ transaction, which pg_dump then reads (--snapshot) while the verify reads it too: what was
 * verified is exactly what was dumped, while the servers keep writing. Restore with pg_restore
 * into an empty database, then `npm run audit:verify` against it.
 */
export async function backupPostgresDatabase(
  url: string,
  opts: { dir?: string; at?: Date; pgDump?: string } = {},
): Promise<{ file: string; verdict: AuditVerdict }> {
  const dir = opts.dir ?? path.resolve(/*turbopackIgnore: true*/ "data", "backups");
  fs.mkdirSync(dir, { recursive: true });
  const name = new URL(url).pathname.slice(1) || "mailgate";
  const file = path.join(dir, `${name}-${stamp(opts.at ?? new Date())}.dump`);
  const client = await connectClient(url);
  try {
    await client.query("begin isolation level repeatable read, read only");
    const { rows } = await client.query<{ snapshot: string }>("select pg_export_snapshot() as snapshot");
    const dumped = pgDump(opts.pgDump ?? pgDumpPath(), [
      `--snapshot=${rows[0]!.snapshot}`,
      "--format=custom",
      `--file=${file}`,
      `--dbname=${url}`,
    ]);
    const verdict = await verifyAuditReader(pgChainReader(client), {
      full: true,
      upToOwnHead: true,
      dir: digestDirFor(url) ?? undefined,
    });
    await dumped;
    return { file, verdict };
  } finally {
    await client.query("commit").catch(() => {});
    await client.end();
  }
}

/** MAILGATE_PG_DUMP, else the newest of Debian's PostgreSQL packages, else `pg_dump` on the PATH. */
function pgDumpPath(): string {
  if (process.env.MAILGATE_PG_DUMP) return process.env.MAILGATE_PG_DUMP;
  const root = "/usr/lib/postgresql";
  const majors = fs.existsSync(root) ? fs.readdirSync(root).map(Number).filter(Number.isFinite) : [];
  const newest = majors.sort((a, b) => b - a).find((m) => fs.existsSync(path.join(root, String(m), "bin", "pg_dump")));
  return newest === undefined ? "pg_dump" : path.join(root, String(newest), "bin", "pg_dump");
}

function pgDump(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`pg_dump of ${withoutPassword(args.at(-1)!.slice(9))} failed (exit ${code}): ${errors.trim()}`),
          ),
    );
  });
}
