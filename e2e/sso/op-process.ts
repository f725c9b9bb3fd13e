import { spawn } from "node:child_process";
import crypto from "node:crypto";
import type { OpSettings } from "./directory";

export type OpProcess = OpSettings & { clientId: string; clientSecret: string; stop: () => void };

/**
 * A test's own OpenID provider (scripts/e2e-oidc.mjs, as scripts/e2e-server.mjs starts the shared
 * one), for a portal server of the test's own at `appOrigin`. It goes with the worker if a test
 * times out before stopping it.
 */
export function startOp(dir: string, appOrigin: string, tenantId: string): Promise<OpProcess> {
  const clientId = `mailgate-test-${crypto.randomUUID()}`;
  const clientSecret = crypto.randomBytes(24).toString("hex");
  const args = ["--dir", dir, "--app-origin", appOrigin, "--client-id", clientId, "--client-secret", clientSecret];
  const child = spawn("node", ["scripts/e2e-oidc.mjs", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  process.once("exit", stop);
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line)
        resolve({ ...(JSON.parse(line) as { issuer: string; ca: string }), tenantId, clientId, clientSecret, stop });
    });
    child.once("exit", (code) => reject(new Error(`the OpenID provider exited (${code}): ${errors}`)));
  });
}

/** The portal's settings for that provider. */
export function ssoEnv(op: OpProcess): Record<string, string> {
  return {
    MAILGATE_OIDC_ISSUER: op.issuer,
    MAILGATE_OIDC_CLIENT_ID: op.clientId,
    MAILGATE_OIDC_CLIENT_SECRET: op.clientSecret,
    MAILGATE_OIDC_TENANT_ID: op.tenantId,
    NODE_EXTRA_CA_CERTS: op.ca,
  };
}
