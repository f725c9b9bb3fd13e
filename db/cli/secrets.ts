import fs from "node:fs";
import path from "node:path";

/**
 * Reads the git-ignored .env.local that `npm start` writes (AUTH_SECRET, MAILGATE_AUDIT_KEY,
 * MAILGATE_AUDIT_SIGNING_KEY) into process.env, as Next does for the server; variables already
 * set win. The command-line tools hash, sign and verify with the same keys as the server.
 */
export function loadLocalSecrets(file = path.join(process.cwd(), ".env.local")): void {
  if (!fs.existsSync(file)) return;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (m && process.env[m[1]!] === undefined) process.env[m[1]!] = m[2]!;
  }
}
