import "server-only";
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import path from "node:path";
import { InvalidEnvironment, serverEnv } from "@/lib/env";
import { dialectOf } from "@/db/dialect";

/**
 * The two secrets of the audit log, both kept outside the database (generated into the git-ignored
 * .env.local by `npm start`; the environment overrides the file):
 * - MAILGATE_AUDIT_KEY keys every event's hash (HMAC-SHA-256), so nobody without it can forge
 *   or re-chain an event that verifies;
 * - MAILGATE_AUDIT_SIGNING_KEY (Ed25519, PKCS#8 as base64url or PEM) signs the checkpoints that
 *   anchor the chain's head outside the database. Its public half is published beside them, so
 *   anyone can check a checkpoint without any secret.
 */
export type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string };

/** A key the audit log needs is not set: an environment problem, which the CLIs report in one sentence. */
export class AuditKeyMissing extends InvalidEnvironment {
  override name = "AuditKeyMissing";
}

const HOW = "npm start generates it into .env.local (the command-line tools read that file too)";

let memo: { raw: string; key: Buffer } | null = null;

/** The chain's HMAC key. Throws when it is missing: an event must never be written or checked without it. */
export function chainKey(): Buffer {
  // Its length is checked with the rest of the environment (lib/env.ts).
  const raw = serverEnv().MAILGATE_AUDIT_KEY;
  if (!raw) throw new AuditKeyMissing(`MAILGATE_AUDIT_KEY is not set: ${HOW}.`);
  if (memo?.raw !== raw) memo = { raw, key: Buffer.from(raw, "utf8") };
  return memo.key;
}

let signingMemo: { raw: string; key: SigningKey } | null = null;

/** The checkpoint signing key, or null when none is configured. */
export function signingKey(): SigningKey | null {
  const raw = serverEnv().MAILGATE_AUDIT_SIGNING_KEY ?? "";
  if (!raw) return null;
  if (signingMemo?.raw !== raw) {
    const privateKey = raw.startsWith("-----BEGIN")
      ? createPrivateKey(raw)
      : createPrivateKey({ key: Buffer.from(raw, "base64url"), format: "der", type: "pkcs8" });
    if (privateKey.asymmetricKeyType !== "ed25519")
      throw new Error("MAILGATE_AUDIT_SIGNING_KEY must be an Ed25519 private key.");
    const publicKey = createPublicKey(privateKey);
    signingMemo = { raw, key: { privateKey, publicKey, keyId: keyIdOf(publicKey) } };
  }
  return signingMemo.key;
}

export function requireSigningKey(): SigningKey {
  const key = signingKey();
  if (!key) throw new AuditKeyMissing(`MAILGATE_AUDIT_SIGNING_KEY is not set: ${HOW}.`);
  return key;
}

/** A short, stable name for a public key: the start of the SHA-256 of its SPKI encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("hex")
    .slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ format: "pem", type: "spki" }).toString();
}

/** What `{database}` in MAILGATE_DIGEST_DIR stands for: the database's name, or the file's without its folder and extension. */
const DATABASE_NAME = "{database}";

function databaseNameOf(location: string): string {
  if (dialectOf(location) === "postgresql") return new URL(location).pathname.slice(1) || "postgres";
  return path.parse(location || "memory").name;
}

/**
 * Where a database's checkpoints go: MAILGATE_DIGEST_DIR (e.g. another disk), else
 * `audit-digests/` beside the database file (`data/audit-digests/` for the app's database). Tied
 * to the file, so a test's or a copy's database never writes into the app's folder. Null for an
 * in-memory database. On PostgreSQL (a connection string), `data/audit-digests/` of the app.
 * A `{database}` in MAILGATE_DIGEST_DIR stands for the database's name (the file's, without its
 * folder and extension), so databases that share a setting keep their checkpoints apart: one
 * folder's checkpoints describe one chain.
 */
export function digestDirFor(location: string): string | null {
  const configured = serverEnv().MAILGATE_DIGEST_DIR;
  if (configured)
    return path.resolve(/*turbopackIgnore: true*/ configured.replace(DATABASE_NAME, databaseNameOf(location)));
  if (!location || location === ":memory:") return null;
  if (dialectOf(location) === "postgresql") return path.resolve(/*turbopackIgnore: true*/ "data", "audit-digests");
  return path.join(path.dirname(location), "audit-digests");
}
