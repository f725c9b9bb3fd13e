// The server the end-to-end tests run against: the production build on the database
// scripts/e2e-steps.mjs prepared (with its audit keys), a fresh secret, a real OpenID provider for
// single sign-on (scripts/e2e-oidc.mjs) and a real SMTP server for notification emails
// (scripts/e2e-smtp.mjs), both started first and stopped with it.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { E2E_DATABASE, e2eDatabaseEnv } from "./e2e-steps.mjs";
import { root, startTestOidcProvider, startTestSmtpServer } from "./lib.mjs";

// The provider's directory is a tenant of its own; e2e/sso/ reads these settings to add accounts.
// It needs the portal's address (the port Playwright was given), so it starts here, not beforehand.
const appOrigin = `http://127.0.0.1:${process.env.E2E_PORT}`;
const oidcClient = {
  clientId: `mailgate-e2e-${crypto.randomUUID()}`,
  clientSecret: crypto.randomBytes(24).toString("hex"),
};
const oidcDir = E2E_DATABASE.replace(/\.db$/, "-oidc");
const oidc = await startTestOidcProvider({ dir: oidcDir, appOrigin, ...oidcClient });
const E2E_TENANT_ID = "8b3f3c7e-5f0e-4d7b-9a61-2c4d6e8f0a12";
fs.writeFileSync(
  E2E_DATABASE.replace(/\.db$/, ".oidc.json"),
  JSON.stringify({ issuer: oidc.issuer, ca: oidc.ca, tenantId: E2E_TENANT_ID }),
);

// A real SMTP server for notification emails (scripts/e2e-smtp.mjs); e2e/notifications/ reads what it got.
const smtp = await startTestSmtpServer();
fs.writeFileSync(
  E2E_DATABASE.replace(/\.db$/, ".smtp.json"),
  JSON.stringify({ smtpUrl: smtp.smtpUrl, control: smtp.control }),
);

const env = {
  ...process.env,
  ...e2eDatabaseEnv(),
  AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
  AUTH_TRUST_HOST: "true",
  // Tests stand in for a proxy: they send X-Forwarded-For to appear as distinct clients.
  MAILGATE_TRUSTED_PROXIES: "127.0.0.1,::1",
  // Reminders and due access reviews are swept every 2 s, so a spec sees a later sweep without waiting a minute.
  MAILGATE_SWEEP_SECONDS: "2",
  // Low enough that the rate limit spec reaches it in a second; above what any other spec sends per token.
  MAILGATE_API_RATE_LIMIT: "120",
  MAILGATE_OIDC_ISSUER: oidc.issuer,
  MAILGATE_OIDC_CLIENT_ID: oidcClient.clientId,
  MAILGATE_OIDC_CLIENT_SECRET: oidcClient.clientSecret,
  MAILGATE_OIDC_TENANT_ID: E2E_TENANT_ID,
  MAILGATE_OIDC_LOGOUT: "on",
  NODE_EXTRA_CA_CERTS: oidc.ca,
  MAILGATE_SMTP_URL: smtp.smtpUrl,
  // An email that failed is tried again 1 s later (then 2, 4, …), so the outage test does not wait minutes.
  MAILGATE_SMTP_RETRY_SECONDS: "1",
  MAILGATE_PUBLIC_URL: appOrigin,
};
const server = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", process.env.E2E_PORT], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  oidc.stop();
  smtp.stop();
  process.exit(code ?? 0);
});
