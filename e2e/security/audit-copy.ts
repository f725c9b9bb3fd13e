import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { e2eDatabasePath } from "./e2e-db";

/**
 * A copy of the end-to-end database, its audit checkpoints and keys (scripts/e2e-server.mjs writes
 * them beside it), served by a second server of the same build: a test may tamper with the copy
 * and replay requests against it while the shared database stays untouched.
 */
export type CopyServer = { baseURL: string; file: string; stop: () => Promise<void> };

function e2eFiles() {
  const db = e2eDatabasePath();
  return { db, digests: db.replace(/\.db$/, "-digests"), keys: db.replace(/\.db$/, ".keys.json") };
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });

async function waitUntilUp(baseURL: string, server: ChildProcess) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (server.exitCode !== null) throw new Error(`the copy's server exited (${server.exitCode})`);
    try {
      if ((await fetch(`${baseURL}/sign-in`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the copy's server did not answer within 60 s");
}

export async function serveCopyOfE2eDatabase(): Promise<CopyServer> {
  const live = e2eFiles();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-e2e-copy-"));
  const file = path.join(dir, "copy.db");
  const digests = path.join(dir, "audit-digests");
  // Checkpoints first: any of them then covers events the copy has (the live server keeps writing).
  fs.cpSync(live.digests, digests, { recursive: true });
  const source = new Database(live.db, { readonly: true, fileMustExist: true });
  source.prepare("VACUUM INTO ?").run(file);
  source.close();
  const keys = JSON.parse(fs.readFileSync(live.keys, "utf8")) as Record<string, string>;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: {
      ...process.env,
      ...keys,
      DATABASE_PATH: file,
      MAILGATE_DIGEST_DIR: digests,
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      MAILGATE_TRUSTED_PROXIES: "127.0.0.1,::1",
    },
    stdio: "ignore",
  });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(baseURL, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, file, stop };
}
