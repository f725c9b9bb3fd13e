import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import TSX from "../../scripts/tsx-args.json";

/**
 * Portal processes of a test's own, for what one shared e2e server cannot show: kill -9 and
 * restarts, two servers on one database. Each runs scripts/server.mjs on the current production
 * build (NEXT_DIST_DIR) against a database in a temporary folder, on a free port.
 */

// One deployment's audit keys for the whole worker: a test's database is a copy of a template
// written with them, and its events must verify with the same key.
const AUDIT_KEYS = {
  MAILGATE_AUDIT_KEY: crypto.randomBytes(32).toString("base64url"),
  MAILGATE_AUDIT_SIGNING_KEY: crypto
    .generateKeyPairSync("ed25519")
    .privateKey.export({ format: "der", type: "pkcs8" })
    .toString("base64url"),
};

/** Settings every process of one test shares, as one deployment's would be. */
export function deployment(dir: string): NodeJS.ProcessEnv {
  const secret = () => crypto.randomBytes(32).toString("base64url");
  return {
    ...process.env,
    DATABASE_PATH: path.join(dir, "mailgate.db"),
    AUTH_SECRET: secret(),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    MAILGATE_TRUSTED_PROXIES: "127.0.0.1,::1",
    // For the keyed, anchored audit chain (issue 12): the test's own key and digest folder.
    ...AUDIT_KEYS,
    MAILGATE_DIGEST_DIR: path.join(dir, "audit-digests"),
  };
}

const made: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-jobs-"));
  made.push(dir);
  return dir;
}

/** Deletes every folder tempDir made in this worker (call once its servers have stopped). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs a tsx script to its end; returns its stdout. */
export function tsx(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const result = spawnSync("node", [...TSX, ...args], { env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tsx ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export type Server = {
  url: string;
  pid: number;
  output: () => string;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Starts a server (on `chosenPort` when its address must be known beforehand, else a free one) and
 * resolves once it listens, read from its log: no request is made, so nothing a page does can be
 * what resumes a job.
 */
export async function startServer(env: NodeJS.ProcessEnv, chosenPort?: number): Promise<Server> {
  const port = chosenPort ?? (await freePort());
  const child: ChildProcess = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // A test that times out never reaches its `finally`: the server goes with the worker process.
  const orphaned = () => child.kill("SIGKILL");
  process.once("exit", orphaned);
  void exited.then(() => process.off("exit", orphaned));
  await waitFor(() => log.includes("listening on") || child.exitCode !== null, 60_000, "the server to listen");
  if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log}`);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => log,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

export type JobRow = { status: string; done: number; total: number; lease_owner: string | null; result: string };

/** A read-only look at a test database while servers write to it. */
export function watch(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  return {
    job: (id: number) =>
      db.prepare("select status, done, total, lease_owner, result from bulk_jobs where id = ?").get(id) as JobRow,
    runs: (id: number) =>
      (JSON.parse((db.prepare("select result from bulk_jobs where id = ?").get(id) as { result: string }).result)
        .runs ?? []) as { owner: string; from: number }[],
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    count: (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n,
    close: () => db.close(),
  };
}
