// npm run audit:verify [-- --full] [-- --digest FILE [--public-key PEM]]
// Checks the audit log against its key and its signed checkpoints (see lib/services/audit).
// Exit 0: intact; 1: not intact; 2: cannot check (no database, no key, bad arguments).
import { createPublicKey } from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { InvalidEnvironment } from "@/lib/env";
import {
  AuditKeyMissing,
  checkDigestFile,
  describeVerdict,
  digestDirFor,
  signingKey,
  verifyAuditLog,
  type AuditVerdict,
  type PublicCheck,
} from "@/lib/services/audit";
import { isPostgresLocation } from "@/lib/services/audit/reader";
import { databaseLocation } from "../client";
import { loadLocalSecrets } from "./secrets";

function printVerdict(v: AuditVerdict, dir: string | null) {
  const out = v.intact ? console.log : console.error;
  out(
    v.intact
      ? `intact: ${describeVerdict(v)}`
      : `NOT INTACT: ${v.problems.length} ${v.problems.length === 1 ? "problem" : "problems"}`,
  );
  for (const p of v.problems) console.error(`  ✗ ${p.kind} at event ${p.seq}: ${p.message}`);
  if (!v.intact) console.error(`  last trustworthy event: ${v.lastTrustworthySeq}`);
  console.log(
    `  events: ${v.events}, head: ${v.head.seq}; hashes recomputed for events ${v.checkedFrom}–${v.head.seq}${v.whole ? " (all)" : ""}`,
  );
  console.log(`  checkpoints: ${dir ?? "(none: in-memory database)"}`);
  for (const note of v.notes) console.log(`  · ${note}`);
}

function printPublicCheck(file: string, check: PublicCheck): boolean {
  console.log(
    `${file}: ${check.signed.length} signed ${check.signed.length === 1 ? "checkpoint" : "checkpoints"} verify with the public key`,
  );
  for (const bad of check.bad)
    console.error(`  ✗ line ${bad.line}${bad.seq === null ? "" : ` (event ${bad.seq})`}: ${bad.why}`);
  const newest = check.signed.at(-1);
  if (newest)
    console.log(
      `  newest: event ${newest.seq}, ${newest.count} events, head ${newest.headHash}, signed ${newest.at}${newest.kind === "restore" ? " (a restore)" : ""}`,
    );
  const db = check.database;
  if (!db) {
    console.log(
      "  (no database to compare: set DATABASE_PATH to a copy to check its events against these checkpoints)",
    );
    return check.bad.length === 0 && check.signed.length > 0;
  }
  if (db.mismatch) console.error(`  ✗ the database differs at event ${db.mismatch.seq}: ${db.mismatch.why}`);
  if (db.lacks) console.error(`  ✗ the database ends at event ${db.head}: it lacks ${db.lacks} checkpointed events`);
  console.log(`  the database reproduces ${db.matched} of ${check.signed.length} checkpoints (hash and public digest)`);
  return check.bad.length === 0 && check.signed.length > 0 && !db.mismatch && !db.lacks;
}

async function main() {
  loadLocalSecrets();
  const { values } = parseArgs({
    options: {
      full: { type: "boolean", default: false },
      digest: { type: "string" },
      "public-key": { type: "string" },
    },
  });
  const location = databaseLocation();
  const hasDb = isPostgresLocation(location) || fs.existsSync(location);
  if (values.digest) {
    const pem = values["public-key"];
    const publicKey = pem ? createPublicKey(fs.readFileSync(pem)) : signingKey()?.publicKey;
    if (!publicKey)
      throw new AuditKeyMissing("Pass --public-key FILE (the public-key-*.pem published beside the checkpoints).");
    process.exitCode = printPublicCheck(
      values.digest,
      await checkDigestFile(values.digest, publicKey, hasDb ? location : null),
    )
      ? 0
      : 1;
    return;
  }
  // Verifying a database that does not exist would create an empty one that verifies.
  if (!hasDb) {
    console.error(`No database at ${location} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).`);
    process.exit(2);
  }
  const verdict = await verifyAuditLog(location, { full: values.full });
  printVerdict(verdict, digestDirFor(location));
  process.exitCode = verdict.intact ? 0 : 1;
}

main().catch((error) => {
  const expected =
    error instanceof InvalidEnvironment || String((error as { code?: string }).code).startsWith("ERR_PARSE_ARGS");
  console.error(expected ? (error as Error).message : error);
  process.exit(expected ? 2 : 1);
});
