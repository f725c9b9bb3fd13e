// Helpers shared by the start and test scripts. Plain Node, no dependencies: they run before `npm ci`.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

/**
 * Runs a TypeScript file (the CLIs in db/cli, the e2e fixtures, the bench) with tsx, as Node's own
 * loader hook (`--import tsx`) rather than tsx's command, which starts a second Node process to run
 * it (about 0.25 s of CPU more for every script the tests start). The services
 * and db/client.ts `import "server-only"`, which throws unless resolved with the `react-server`
 * condition, as Next's server bundles do; these scripts are server code too, so they ask for it.
 * The arguments live in tsx-args.json so TypeScript tests read the same list (Playwright cannot load this .mjs).
 */
/** A port nothing listens on now, on loopback (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

export const TSX = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "tsx-args.json"), "utf8"));

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "inherit",
    ...options,
    env: { ...process.env, ...options.env },
  });
  if (result.status !== 0) {
    console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

/**
 * Runs a command without blocking, so independent steps can run side by side; resolves with its
 * output when `quiet` (printed only if it fails), rejects when it fails. `nice` lowers its CPU
 * priority (and its children's) by that much.
 */
export function runAsync(command, args, options = {}) {
  const { quiet = false, nice = 0, ...rest } = options;
  if (nice) [command, args] = ["nice", ["-n", String(nice), command, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      ...rest,
      env: { ...process.env, ...rest.env },
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) return resolve(output);
      if (quiet) process.stderr.write(output);
      reject(new Error(`${command} ${args.join(" ")} failed (exit ${code ?? signal})`));
    });
  });
}

/**
 * CPU seconds (user + system) used so far by this process's finished child processes and theirs,
 * as Linux counts them in /proc/self/stat (cutime, cstime); null elsewhere. Unlike wall time it
 * hardly depends on what else the machine runs.
 */
function childrenCpuSeconds() {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks, 100 per second on Linux
  } catch {
    return null;
  }
}

/**
 * Times named steps, and prints them as a table at the end: when each started, how long it took,
 * whether it failed, the CPU time of the steps that ran alone, and the machine's load (the same
 * run takes far longer on a busy machine).
 */
export function createPhases() {
  const phases = [];
  const started = Date.now();
  return {
    phases,
    /** Runs `step` (a function returning a value or a promise) and records how long it took. */
    async time(name, step) {
      const start = Date.now();
      const cpuStart = childrenCpuSeconds();
      const record = (failed) => {
        const cpu = cpuStart === null ? null : childrenCpuSeconds() - cpuStart;
        phases.push({ name, failed, cpu, seconds: (Date.now() - start) / 1000, from: (start - started) / 1000 });
      };
      try {
        const value = await step();
        record(false);
        return value;
      } catch (error) {
        record(true);
        throw error;
      }
    },
    /** The names of the steps that failed, in the order they started. */
    failed: () =>
      [...phases]
        .sort((a, b) => a.from - b.from)
        .filter((p) => p.failed)
        .map((p) => p.name),
    print(title) {
      const width = Math.max(...phases.map((p) => p.name.length), 5);
      const cell = (text, n) => String(text).padStart(n);
      // Steps side by side share the CPU count: only a step that overlapped no other has its own.
      const isAlone = (p) =>
        phases.every((q) => q === p || q.from >= p.from + p.seconds || q.from + q.seconds <= p.from);
      console.log(`\n${title}`);
      console.log(`  ${"phase".padEnd(width)}   start   seconds   CPU s`);
      for (const p of [...phases].sort((a, b) => a.from - b.from)) {
        const cpu = p.cpu !== null && isAlone(p) ? p.cpu.toFixed(0) : "";
        const row = `${cell(p.from.toFixed(0), 6)}  ${cell(p.seconds.toFixed(0), 8)}  ${cell(cpu, 6)}`;
        console.log(`  ${p.name.padEnd(width)}  ${row}${p.failed ? "  ✗ failed" : ""}`);
      }
      const total = childrenCpuSeconds();
      const wall = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`  ${"total".padEnd(width)}  ${cell("", 6)}  ${cell(wall, 8)}  ${cell(total?.toFixed(0) ?? "", 6)}`);
      const load = os.loadavg().map((n) => n.toFixed(1));
      console.log(`  load average now (1, 5, 15 min): ${load.join(", ")} on ${os.availableParallelism()} cores`);
    },
  };
}

const NATIVE = ["better-sqlite3", "esbuild"];
const SQLITE_BINARY = path.join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

/**
 * npm ci when node_modules is missing or older than the lock file. With `deferNative`, npm ci skips
 * install scripts and the native builds (better-sqlite3 compiles from source, about two minutes)
 * run in the background: `nativeBuilt` settles when they are done, so steps that need no database
 * (type check, lint) can run meanwhile.
 */
export function ensureDependencies({ deferNative = false } = {}) {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  const isCurrent = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (isCurrent && fs.existsSync(SQLITE_BINARY)) return { nativeBuilt: Promise.resolve() };
  // Both of better-sqlite3's sources at once, when make may.
  const env = { JOBS: "max" };
  if (!deferNative) {
    console.log("Installing dependencies (the first time compiles better-sqlite3, about two minutes)…");
    run("npm", isCurrent ? ["rebuild", ...NATIVE] : ["ci", "--no-audit", "--no-fund"], { env });
    return { nativeBuilt: Promise.resolve() };
  }
  if (!isCurrent) {
    console.log("Installing dependencies (better-sqlite3 then compiles in the background)…");
    run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"]);
  }
  return { nativeBuilt: runAsync("npm", ["rebuild", ...NATIVE], { env, quiet: true }) };
}

/** Fresh values for the secrets the portal needs, each generated once into .env.local. */
const SECRETS = {
  AUTH_SECRET: { why: "Changing it signs everyone out.", make: () => crypto.randomBytes(32).toString("base64url") },
  MAILGATE_AUDIT_KEY: {
    why: "It keys the audit log's hashes: without it no event verifies, so back it up.",
    make: () => crypto.randomBytes(32).toString("base64url"),
  },
  MAILGATE_AUDIT_SIGNING_KEY: {
    why: "It signs the audit checkpoints (Ed25519); its public half is published beside them.",
    make: () =>
      crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64url"),
  },
};

/**
 * Reads the git-ignored secrets file, adding any secret it lacks on first run (AUTH_SECRET, the
 * audit log's HMAC key and checkpoint signing key). Variables set in the environment win over
 * the file where the values are used (see start.mjs); none is generated when already set there.
 */
export function ensureSecrets() {
  const file = path.join(root, ".env.local");
  const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  for (const [name, { why, make }] of Object.entries(SECRETS)) {
    if (process.env[name] || new RegExp(`^${name}=.`, "m").test(existing)) continue;
    fs.appendFileSync(file, `# Generated by npm start; keep it secret. ${why}\n${name}=${make()}\n`, { mode: 0o600 });
    console.log(`Generated ${name} into .env.local`);
  }
  const values = {};
  if (!fs.existsSync(file)) return values;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (m) values[m[1]] = m[2];
  }
  return values;
}

const SOURCE_DIRS = ["app", "components", "lib", "db", "public"];
const SOURCE_FILES = [
  "package-lock.json",
  "next.config.js",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "proxy.ts",
];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((max, name) => Math.max(max, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/**
 * Whether the production build is fresh: built after every source file, for the same purpose.
 * `diagnostics` (the bench only) adds the bench's page; every other build lacks it, whatever the
 * shell's MAILGATE_DIAGNOSTICS says. Returns what to stamp the build with once it is made.
 */
function buildState(diagnostics) {
  const dist = path.join(root, process.env.NEXT_DIST_DIR || ".next");
  const buildId = path.join(dist, "BUILD_ID");
  const stamp = path.join(dist, "mailgate-build.json");
  const wanted = JSON.stringify({ diagnostics });
  const sourceTime = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((e) => newestMtime(path.join(root, e))));
  const isFresh =
    fs.existsSync(buildId) &&
    fs.statSync(buildId).mtimeMs >= sourceTime &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === wanted;
  return { isFresh, markBuilt: () => fs.writeFileSync(stamp, wanted) };
}

const NEXT_BUILD = ["node_modules/next/dist/bin/next", "build"];
const buildEnv = (diagnostics, env) => ({
  NEXT_TELEMETRY_DISABLED: "1",
  MAILGATE_DIAGNOSTICS: diagnostics ? "1" : "",
  ...env,
});
const buildMessage = (diagnostics) =>
  `Building the portal (production build${diagnostics ? ", with the bench's diagnostics page" : ""})…`;

/**
 * Builds when there is no production build, a source file is newer than it, or it was built for
 * another purpose (see buildState); `env` adds variables for the build only. Returns whether it built.
 */
export function ensureBuild({ diagnostics = false, env = {} } = {}) {
  const { isFresh, markBuilt } = buildState(diagnostics);
  if (isFresh) return false;
  console.log(buildMessage(diagnostics));
  const tsconfig = readTsconfig();
  run("node", NEXT_BUILD, { env: buildEnv(diagnostics, env) });
  restoreTsconfig(tsconfig);
  markBuilt();
  return true;
}

/**
 * `next build` into another folder than .next (the bench's .next-bench) adds that folder's types to
 * tsconfig.json's include list, reformatting the file: put back what is committed, with its old
 * modification time, or the next run would find a source newer than the build and build again.
 */
function restoreTsconfig(before) {
  const file = path.join(root, "tsconfig.json");
  if (fs.readFileSync(file, "utf8") === before.text) return;
  fs.writeFileSync(file, before.text);
  fs.utimesSync(file, before.stat.atime, before.stat.mtime);
}

function readTsconfig() {
  const file = path.join(root, "tsconfig.json");
  return { text: fs.readFileSync(file, "utf8"), stat: fs.statSync(file) };
}

/** ensureBuild without blocking, so independent steps can run beside it: resolves with whether it built. */
export async function ensureBuildAsync({ diagnostics = false, env = {}, nice = 0 } = {}) {
  const { isFresh, markBuilt } = buildState(diagnostics);
  if (isFresh) return false;
  console.log(buildMessage(diagnostics));
  const tsconfig = readTsconfig();
  await runAsync("node", NEXT_BUILD, { env: buildEnv(diagnostics, env), nice });
  restoreTsconfig(tsconfig);
  markBuilt();
  return true;
}

/**
 * Starts the end-to-end tests' OpenID provider (scripts/e2e-oidc.mjs) in its own process and
 * resolves with its issuer and certificate once it listens; `stop` ends it.
 */
export function startTestOidcProvider({ dir, appOrigin, clientId, clientSecret }) {
  const args = ["--dir", dir, "--app-origin", appOrigin, "--client-id", clientId, "--client-secret", clientSecret];
  return startListeningScript("scripts/e2e-oidc.mjs", args, "OpenID provider");
}

/**
 * Starts the end-to-end tests' SMTP server (scripts/e2e-smtp.mjs) in its own process and resolves
 * with its SMTP URL and control address once it listens; `stop` ends it.
 */
export function startTestSmtpServer() {
  return startListeningScript("scripts/e2e-smtp.mjs", [], "SMTP server");
}

function startListeningScript(script, args, what) {
  const child = spawn("node", [script, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
    process.stderr.write(chunk);
  });
  const stop = () => child.exitCode === null && child.signalCode === null && child.kill("SIGTERM");
  process.once("exit", stop);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ ...JSON.parse(line), stop });
    });
    child.on("exit", (code) => reject(new Error(`the ${what} exited (${code}): ${errors}`)));
  });
}

/**
 * Installs Debian packages in ONE apt-get run (two cannot run at once: dpkg's lock), with sudo when
 * not root; resolves with apt's output.
 * @param {string[]} packages
 * @returns {Promise<string>}
 */
export async function aptInstall(packages) {
  const isRoot = process.getuid?.() === 0;
  /** @param {string[]} args */
  const apt = (...args) =>
    runAsync(isRoot ? "apt-get" : "sudo", isRoot ? args : ["apt-get", ...args], {
      env: { DEBIAN_FRONTEND: "noninteractive" },
      quiet: true,
    });
  try {
    return (await apt("update", "-qq")) + (await apt("install", "-y", "-qq", "--no-install-recommends", ...packages));
  } catch (error) {
    const noSudo = /** @type {NodeJS.ErrnoException} */ (error).syscall === "spawn sudo"; // not there, or not ours
    throw noSudo ? new Error(`Not root and no sudo: install Debian's ${packages.join(" ")} with apt first.`) : error;
  }
}
