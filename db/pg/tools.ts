import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { withoutPassword } from "@/db/client";

/** PostgreSQL's command-line tools that backup and restore run (issue 19). */
export type PgTool = "pg_dump" | "pg_restore";

/**
 * MAILGATE_PG_DUMP / MAILGATE_PG_RESTORE, else the newest of Debian's PostgreSQL packages that has
 * the tool, else the tool on the PATH. The newest, because a pg_dump older than the server refuses it.
 */
export function pgToolPath(tool: PgTool): string {
  const configured = process.env[`MAILGATE_${tool.toUpperCase()}`];
  if (configured) return configured;
  const root = "/usr/lib/postgresql";
  const majors = fs.existsSync(root) ? fs.readdirSync(root).map(Number).filter(Number.isFinite) : [];
  const newest = majors.sort((a, b) => b - a).find((m) => fs.existsSync(path.join(root, String(m), "bin", tool)));
  return newest === undefined ? tool : path.join(root, String(newest), "bin", tool);
}

/**
 * Runs a tool to its end; a failure rejects with what it printed on stderr. `url` is the database
 * it works on, named in that error without its password.
 */
export function runPgTool(command: string, args: string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${path.basename(command)} of ${withoutPassword(url)} failed (exit ${code}): ${errors.trim()}`),
          ),
    );
  });
}
