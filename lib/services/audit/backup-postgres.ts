import "server-only";
import fs from "node:fs";
import path from "node:path";
import { connectClient } from "@/db/pg/client";
import { pgToolPath, runPgTool } from "@/db/pg/tools";
import { digestDirFor } from "./keys";
import { pgChainReader } from "./reader";
import type { AuditVerdict } from "./verdict";
import { verifyAuditReader } from "./verify";

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/**
 * `npm run backup` on PostgreSQL (issue 19): pg_dump of one snapshot, and that very snapshot's
 * audit chain verified in full against the checkpoints. The snapshot is exported from a REPEATABLE
 * READ transaction, which pg_dump then reads (--snapshot) while the verify reads it too: what was
 * verified is exactly what was dumped, while the servers keep writing. `npm run restore` puts it
 * back (restore-postgres.ts).
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
    const dumped = runPgTool(
      opts.pgDump ?? pgToolPath("pg_dump"),
      [`--snapshot=${rows[0]!.snapshot}`, "--format=custom", `--file=${file}`, `--dbname=${url}`],
      url,
    );
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
