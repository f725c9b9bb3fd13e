// The steps of an end-to-end run, shared by `npm run test:e2e` (scripts/e2e.mjs) and `npm test`.
//
// The databases it needs, built while the portal builds:
// - the shared e2e database: migrated and seeded by db/cli/prepare.ts, as `npm start` does, then
//   every fixture of e2e/fixtures/e2e-database.ts; its audit keys written beside it, for the server
//   (scripts/e2e-server.mjs) and for tests that verify or copy it;
// - the job runner tests' templates (e2e/fixtures/job-database.ts), in a temporary folder named by
//   E2E_JOB_TEMPLATES, with their own audit keys in keys.json.
// Each folder is one per build folder (NEXT_DIST_DIR), so parallel runs never share one, and only
// its own database is ever deleted. Playwright gets both paths (E2E_DATABASE, E2E_JOB_TEMPLATES).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, root, runAsync, TSX } from "./lib.mjs";

const suffix = (process.env.NEXT_DIST_DIR || ".next").replace(/^\.next-?/, "").replace(/[^a-z0-9-]/gi, "");
// In memory (tmpfs) where the machine has one: the server commits with synchronous = FULL, an fsync
// per write that a test database need not survive a crash for. Named after this checkout as well,
// so clones side by side never share a folder; on disk under data/e2e where there is no /dev/shm.
const SHM = "/dev/shm";
const checkout = crypto.createHash("sha256").update(root).digest("hex").slice(0, 12);
const E2E_DIR = fs.existsSync(SHM) ? path.join(SHM, `mailgate-e2e-${checkout}`) : path.join(root, "data", "e2e");
export const E2E_DATABASE = path.join(E2E_DIR, `mailgate-e2e${suffix ? `-${suffix}` : ""}.db`);
export const JOB_TEMPLATES = path.join(os.tmpdir(), `mailgate-e2e-jobs${suffix ? `-${suffix}` : ""}`);

function auditKeys() {
  return {
    MAILGATE_AUDIT_KEY: crypto.randomBytes(32).toString("base64url"),
    MAILGATE_AUDIT_SIGNING_KEY: crypto
      .generateKeyPairSync("ed25519")
      .privateKey.export({ format: "der", type: "pkcs8" })
      .toString("base64url"),
  };
}

/** The environment the e2e server and db/cli scripts run with, keys included (written by prepare). */
export function e2eDatabaseEnv() {
  const keys = JSON.parse(fs.readFileSync(E2E_DATABASE.replace(/\.db$/, ".keys.json"), "utf8"));
  return {
    DATABASE_PATH: E2E_DATABASE,
    MAILGATE_DIGEST_DIR: E2E_DATABASE.replace(/\.db$/, "-digests"),
    ...keys,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

async function prepareE2eDatabase() {
  for (const end of ["", "-wal", "-shm"]) fs.rmSync(E2E_DATABASE + end, { force: true });
  // Its own audit checkpoints, keys and OpenID provider's files, reset with the database.
  for (const end of ["-digests", "-oidc", ".oidc.json", ".smtp.json"])
    fs.rmSync(E2E_DATABASE.replace(/\.db$/, end), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(E2E_DATABASE), { recursive: true });
  fs.writeFileSync(E2E_DATABASE.replace(/\.db$/, ".keys.json"), JSON.stringify(auditKeys()), { mode: 0o600 });
  const env = e2eDatabaseEnv();
  const prepared = await runAsync("node", [...TSX, "db/cli/prepare.ts"], { env, quiet: true });
  return prepared + (await runAsync("node", [...TSX, "e2e/fixtures/e2e-database.ts"], { env, quiet: true }));
}

async function prepareJobTemplates() {
  fs.rmSync(JOB_TEMPLATES, { recursive: true, force: true });
  fs.mkdirSync(JOB_TEMPLATES, { recursive: true });
  const keys = auditKeys();
  fs.writeFileSync(path.join(JOB_TEMPLATES, "keys.json"), JSON.stringify(keys), { mode: 0o600 });
  // The hashing key only: without the signing key no checkpoint is written beside the templates; a
  // test's servers anchor its own copy's log from the start.
  return runAsync("node", [...TSX, "e2e/fixtures/job-database.ts", JOB_TEMPLATES], {
    env: { MAILGATE_AUDIT_KEY: keys.MAILGATE_AUDIT_KEY, MAILGATE_AUDIT_SIGNING_KEY: "", NEXT_TELEMETRY_DISABLED: "1" },
    quiet: true,
  });
}

/** Builds both at once; resolves with what they printed. */
export async function prepareE2eDatabases() {
  const outputs = await Promise.all([prepareE2eDatabase(), prepareJobTemplates()]);
  return outputs.join("");
}

/** Playwright on a free port against the prepared databases (extra arguments pass through). */
export async function runPlaywright(args) {
  const port = await freePort();
  await runAsync("node", ["node_modules/@playwright/test/cli.js", "test", ...args], {
    env: { E2E_PORT: String(port), E2E_DATABASE, E2E_JOB_TEMPLATES: JOB_TEMPLATES },
  });
}
