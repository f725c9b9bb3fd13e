// Throw-away PostgreSQL clusters for tests: initdb into a temp folder, a server on a free loopback
// port as an unprivileged process, and `stop` removes both. No system service is started or touched.
// Plain ESM with JSDoc types, so scripts/test.mjs and the Vitest tests (TypeScript) share it; no npm
// packages, as scripts/test.mjs imports it before `npm ci`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Debian installs each major version side by side, as /usr/lib/postgresql/<major>/bin. */
const POSTGRES_ROOT = "/usr/lib/postgresql";
const OLDEST_MAJOR = 15;
const TOOLS = ["initdb", "pg_ctl", "postgres"];
/** The superuser initdb creates, and the database each cluster gets: the url carries both. */
const NAME = "mailgate";

/** @returns {string | null} the bin folder of the newest PostgreSQL ≥ 15 with the tools a cluster needs */
export function findPostgresBin() {
  const majors = fs.existsSync(POSTGRES_ROOT) ? fs.readdirSync(POSTGRES_ROOT).map(Number) : [];
  const bins = majors
    .filter((major) => major >= OLDEST_MAJOR)
    .sort((a, b) => b - a)
    .map((major) => path.join(POSTGRES_ROOT, String(major), "bin"));
  return bins.find((bin) => TOOLS.every((tool) => fs.existsSync(path.join(bin, tool)))) ?? null;
}

/**
 * Runs a command and resolves with its output; the error it rejects with ends with that output, so
 * a failed initdb or pg_ctl says why.
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions} [options]
 * @returns {Promise<string>}
 */
function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(output);
      reject(
        new Error(`${path.basename(command)} ${args.join(" ")} failed (exit ${code ?? signal}):\n${tail(output)}`),
      );
    });
  });
}

/** @param {string} text */
const tail = (text) => text.trimEnd().split("\n").slice(-20).join("\n");

/**
 * PostgreSQL refuses to run as root: as root, the server and its tools run as Debian's `postgres`
 * user (Node drops to its uid and gid, and root's other groups); otherwise as whoever runs the tests.
 * @returns {Promise<{ uid?: number, gid?: number }>}
 */
async function serverUser() {
  if (process.getuid?.() !== 0) return {};
  const id = await exec("id", ["postgres"]).catch(() => "");
  const match = id.match(/uid=(\d+).*?gid=(\d+)/);
  if (!match) throw new Error("Running as root, which PostgreSQL refuses, and there is no postgres user to run it as.");
  return { uid: Number(match[1]), gid: Number(match[2]) };
}

/** initdb's locale: C.UTF-8 where the system has it (glibc lists it as C.utf8), else plain C. */
async function localeArgs() {
  const locales = await exec("locale", ["-a"]).catch(() => "");
  const hasCUtf8 = locales.split("\n").some((name) => name.toLowerCase().replace("-", "") === "c.utf8");
  return hasCUtf8 ? ["--locale=C.UTF-8"] : ["--no-locale"];
}

/** A loopback port nobody listens on now (the server takes it a moment later). @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = /** @type {import("node:net").AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * Runs `cleanUp` (synchronous) should the process end before `forget` is called: at exit, and on
 * SIGINT and SIGTERM, which end a process without an "exit" event (Ctrl-C; Vitest ends its workers
 * with SIGTERM). The server itself never sees them: pg_ctl starts it in a session of its own.
 * @param {() => void} cleanUp
 * @returns {() => void} forget
 */
function cleanUpOnExit(cleanUp) {
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    forget();
    cleanUp();
    // Then end as the signal would have, unless something else listens for it (and so decides).
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const forget = () => {
    process.off("exit", cleanUp);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  process.on("exit", cleanUp);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return forget;
}

/**
 * Starts a throw-away cluster with a `mailgate` database; `stop` ends it and removes its folder
 * (and so does the end of the process, should a test run crash or be stopped before calling it).
 * `settings` are more `-c name=value` server settings, after (so over) the test defaults: the bench
 * loads pg_stat_statements with them.
 * @param {{ bin?: string | null, settings?: string[] }} [options]
 * @returns {Promise<{ url: string, port: number, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startCluster({ bin = findPostgresBin(), settings: extra = [] } = {}) {
  if (!bin) throw new Error(`No PostgreSQL ≥ ${OLDEST_MAJOR} in ${POSTGRES_ROOT}: apt-get install postgresql.`);
  const user = await serverUser();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "mailgate-pg-"));
  const dataDir = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  if (user.uid !== undefined && user.gid !== undefined) await fsp.chown(dir, user.uid, user.gid);
  /** @param {string} tool @param {string[]} args */
  const asServer = (tool, args) => exec(path.join(bin, tool), args, { cwd: dir, ...user });
  const stopArgs = ["-D", dataDir, "-m", "immediate", "stop"];
  const forgetCleanUp = cleanUpOnExit(() => {
    spawnSync(path.join(bin, "pg_ctl"), stopArgs, { cwd: dir, stdio: "ignore", ...user });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  /** @type {Promise<void> | undefined} */
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      forgetCleanUp();
      try {
        await asServer("pg_ctl", stopArgs);
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    })());

  try {
    const locale = await localeArgs();
    await asServer("initdb", ["-D", dataDir, "-U", NAME, "-A", "trust", "-E", "UTF8", ...locale, "--no-sync"]);
    const port = await freePort();
    // A test cluster lives for seconds and is thrown away: durability off on purpose, for speed.
    const durabilityOff = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];
    const settings = ["listen_addresses=127.0.0.1", ...durabilityOff, "max_connections=50", ...extra];
    // The unix socket goes into the cluster's own folder (-k), which the server's user may write.
    const serverOptions = `-p ${port} -k '${dir}' ${settings.map((setting) => `-c ${setting}`).join(" ")}`;
    await asServer("pg_ctl", ["-D", dataDir, "-l", log, "-w", "-t", "30", "-o", serverOptions, "start"]);
    await exec(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", NAME, NAME]);
    return { url: `postgres://${NAME}@127.0.0.1:${port}/${NAME}`, port, dataDir, stop };
  } catch (error) {
    const serverLog = await fsp.readFile(log, "utf8").catch(() => "");
    await stop().catch(() => {}); // a server that never started has nothing to stop
    const message = error instanceof Error ? error.message : String(error);
    const logPart = serverLog ? `\nserver.log ends:\n${tail(serverLog)}` : "";
    throw new Error(`Starting a PostgreSQL test cluster failed: ${message}${logPart}`, { cause: error });
  }
}
