// npm run audit:verify — walks the audit log's hash chain. Exit 0: intact; 1: broken; 2: no database.
import fs from "node:fs";
import { getAuditEvent } from "@/lib/services/audit-search";
import { describeVerdict, verifyAuditChain } from "@/lib/services/audit-verify";
import { databasePath, openDb } from "../client";

async function main() {
  const file = databasePath();
  // openDb would create an empty database, which would then verify as intact.
  if (!fs.existsSync(file)) {
    console.error(`No database at ${file} (set DATABASE_PATH).`);
    process.exit(2);
  }
  const db = openDb(file);
  try {
    const verdict = await verifyAuditChain(db);
    if (verdict.intact) {
      console.log(`intact, ${verdict.count} ${verdict.count === 1 ? "event" : "events"}`);
      return;
    }
    console.error(describeVerdict(verdict));
    const event = getAuditEvent(db, { all: true }, verdict.firstBadSeq);
    if (event) {
      const { prevHash, hash, ...fields } = event;
      console.error(JSON.stringify({ ...fields, at: fields.at.toISOString(), prevHash, hash }, null, 2));
    }
    process.exitCode = 1;
  } finally {
    db.$client.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
