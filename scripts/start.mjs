// `npm start`: install, create secrets, migrate, seed the demo, build when needed, serve.
import { spawn } from "node:child_process";
import { ensureBuild, ensureDependencies, ensureSecrets, root, run, TSX } from "./lib.mjs";

const started = Date.now();
ensureDependencies();
const secrets = ensureSecrets();
run("node", [...TSX, "db/cli/prepare.ts"]);
ensureBuild();

const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  ...secrets,
  ...pick(process.env),
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: port,
};
const server = spawn("node", ["scripts/server.mjs", "--port", port], { cwd: root, env, stdio: "inherit" });

console.log(`
Mailgate is starting on http://localhost:${port}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)
Demo sign-ins (password for all: Contoso-Demo-1):
  ava@contoso.com    Global Administrator
  evan@contoso.com   Exchange Administrator
  paula@contoso.com  Power Platform Administrator
  sam@contoso.com    System Administrator in Production and Sandbox
  dana@contoso.com   System Administrator in Production
  cora@contoso.com   System Customizer in Production
  bob@contoso.com    Basic User (sees his own mailbox)
  dave@contoso.com   disabled: cannot sign in
`);

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

/** Variables set in the shell win over the secrets file. */
function pick(values) {
  const names = [
    "AUTH_SECRET",
    "DATABASE_PATH",
    "MAILGATE_AUDIT_KEY",
    "MAILGATE_AUDIT_SIGNING_KEY",
    "MAILGATE_DIGEST_DIR",
  ];
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.includes(k)));
}
