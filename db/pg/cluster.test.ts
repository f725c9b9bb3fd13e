import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { findPostgresBin, startCluster } from "@/scripts/pg-cluster.mjs";

/** The real user id the process runs as, from the `Uid:` line of /proc/<pid>/status (Linux). */
function uidOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const uid = status.match(/^Uid:\s+(\d+)/m)?.[1];
  if (uid === undefined) throw new Error(`no Uid line in /proc/${pid}/status`);
  return Number(uid);
}

describe("a throw-away PostgreSQL cluster (scripts/pg-cluster.mjs)", () => {
  // Each start runs initdb: about 2 s alone, far more on 2 cores busy with a build (hence 60 s).
  it("runs PostgreSQL ≥ 15 as mailgate, not as root, and leaves nothing behind once stopped", async () => {
    // Not a skip: npm test installs PostgreSQL before the unit tests, so missing binaries are a failure.
    expect(findPostgresBin(), "no PostgreSQL ≥ 15 in /usr/lib/postgresql (apt-get install postgresql)").not.toBeNull();
    const cluster = await startCluster();
    try {
      const client = new Client({ connectionString: cluster.url });
      await client.connect();
      try {
        const { rows } = await client.query("select current_user, version(), pg_backend_pid() as pid");
        expect(rows[0].current_user).toBe("mailgate");
        expect(Number(rows[0].version.match(/^PostgreSQL (\d+)/)?.[1])).toBeGreaterThanOrEqual(15);
        // The backend runs on this machine: its uid in /proc shows whether the server dropped root.
        expect(uidOf(rows[0].pid)).not.toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await cluster.stop();
    }

    expect(fs.existsSync(cluster.dataDir)).toBe(false);
    expect(fs.existsSync(path.dirname(cluster.dataDir))).toBe(false); // the temp folder with the log and socket
    const late = new Client({ connectionString: cluster.url });
    await expect(late.connect()).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);
});
