// The server the end-to-end tests run against: a fresh throw-away database, the production
// build, a fresh secret, and a real OpenID provider for single sign-on (scripts/e2e-oidc.mjs),
// started first and stopped with it. It refuses to delete any database but its own.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { root, run, startTestOidcProvider, TSX } from "./lib.mjs";

// One throw-away database per build folder, so parallel runs (NEXT_DIST_DIR) never share one.
const suffix = (process.env.NEXT_DIST_DIR || ".next").replace(/^\.next-?/, "").replace(/[^a-z0-9-]/gi, "");
const E2E_DB = path.join(root, "data", "e2e", `mailgate-e2e${suffix ? `-${suffix}` : ""}.db`);
const dbPath = path.resolve(process.env.E2E_DATABASE_PATH ?? E2E_DB);
if (dbPath !== E2E_DB) {
  console.error(`Refusing to reset ${dbPath}: the end-to-end database must be ${E2E_DB}.`);
  process.exit(1);
}
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(dbPath + suffix, { force: true });
// Its own audit checkpoints and keys, reset with the database. The keys are also written beside
// the database, so a test can verify or start a server on a copy of it (e2e/security/audit-copy.ts).
const digestDir = dbPath.replace(/\.db$/, "-digests");
fs.rmSync(digestDir, { recursive: true, force: true });
const auditKeys = {
  MAILGATE_AUDIT_KEY: crypto.randomBytes(32).toString("base64url"),
  MAILGATE_AUDIT_SIGNING_KEY: crypto
    .generateKeyPairSync("ed25519")
    .privateKey.export({ format: "der", type: "pkcs8" })
    .toString("base64url"),
};
fs.mkdirSync(path.dirname(dbPath), { recursive: true });
fs.writeFileSync(dbPath.replace(/\.db$/, ".keys.json"), JSON.stringify(auditKeys), { mode: 0o600 });

// The provider's directory is a tenant of its own; e2e/sso/ reads these settings to add accounts.
const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT}`;
const oidcClient = {
  clientId: `mailgate-e2e-${crypto.randomUUID()}`,
  clientSecret: crypto.randomBytes(24).toString("hex"),
};
const oidc = await startTestOidcProvider({ dir: dbPath.replace(/\.db$/, "-oidc"), appOrigin, ...oidcClient });
const E2E_TENANT_ID = "8b3f3c7e-5f0e-4d7b-9a61-2c4d6e8f0a12";
fs.writeFileSync(
  dbPath.replace(/\.db$/, ".oidc.json"),
  JSON.stringify({ issuer: oidc.issuer, ca: oidc.ca, tenantId: E2E_TENANT_ID }),
);

const env = {
  ...process.env,
  DATABASE_PATH: dbPath,
  MAILGATE_DIGEST_DIR: digestDir,
  ...auditKeys,
  AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  // Tests stand in for a proxy: they send X-Forwarded-For to appear as distinct clients.
  MAILGATE_TRUSTED_PROXIES: "127.0.0.1,::1",
  // Reminders and due access reviews are swept every 2 s, so a spec sees a later sweep without waiting a minute.
  MAILGATE_SWEEP_SECONDS: "2",
  MAILGATE_OIDC_ISSUER: oidc.issuer,
  MAILGATE_OIDC_CLIENT_ID: oidcClient.clientId,
  MAILGATE_OIDC_CLIENT_SECRET: oidcClient.clientSecret,
  MAILGATE_OIDC_TENANT_ID: E2E_TENANT_ID,
  MAILGATE_OIDC_LOGOUT: "on",
  NODE_EXTRA_CA_CERTS: oidc.ca,
};
run("node", [...TSX, "db/cli/prepare.ts"], { env });
for (const fixture of [
  "bulk-environment",
  "security-environment",
  "sign-in-accounts",
  "governance-environment",
  "review-environment",
  "sso-environment",
  "walkthrough-environments",
])
  run("node", [...TSX, `e2e/fixtures/${fixture}.ts`], { env });
const server = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", process.env.E2E_PORT], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  oidc.stop();
  process.exit(code ?? 0);
});
