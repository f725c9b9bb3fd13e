// The server the end-to-end tests run against: the production build on the database
// scripts/e2e.mjs prepared (with its audit keys), and a fresh secret.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import { e2eDatabaseEnv } from "./e2e-steps.mjs";
import { root } from "./lib.mjs";

const env = {
  ...process.env,
  ...e2eDatabaseEnv(),
  AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  AUTH_TRUST_HOST: "true",
  // Tests stand in for a proxy: they send X-Forwarded-For to appear as distinct clients.
  MAILGATE_TRUSTED_PROXIES: "127.0.0.1,::1",
};
const server = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", process.env.E2E_PORT], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
