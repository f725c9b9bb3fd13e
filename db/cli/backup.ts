// npm run backup [-- --to DIR]: a consistent copy of the database (safe while the server runs) to
// a timestamped file in data/backups/, then the copy's audit chain verified in full. On PostgreSQL
// (DATABASE_URL), a pg_dump of one snapshot, whose chain is verified in that same snapshot.
// Exit 0: backed up and verified; 1: the copy does not verify (it is kept, for inspection); 2: no database.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { InvalidEnvironment } from "@/lib/env";
import { backupDatabase, backupPostgresDatabase, describeVerdict } from "@/lib/services/audit";
import { isPostgresLocation } from "@/lib/services/audit/reader";
import { databaseLocation } from "../client";
import { loadLocalSecrets } from "./secrets";

async function main() {
  loadLocalSecrets();
  const { values } = parseArgs({ options: { to: { type: "string" } } });
  const location = databaseLocation();
  const onPostgres = isPostgresLocation(location);
  if (!onPostgres && !fs.existsSync(location)) {
    console.error(`No database at ${location} (set DATABASE_PATH, or DATABASE_URL for PostgreSQL).`);
    process.exit(2);
  }
  const { file: copy, verdict } = onPostgres
    ? await backupPostgresDatabase(location, { dir: values.to })
    : await backupDatabase(location, { dir: values.to });
  console.log(`backup: ${copy} (${(fs.statSync(copy).size / 1e6).toFixed(1)} MB)`);
  if (!verdict.intact) {
    console.error(`The copy does NOT verify: ${describeVerdict(verdict)}`);
    for (const p of verdict.problems) console.error(`  ✗ ${p.kind} at event ${p.seq}: ${p.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `verified: ${describeVerdict(verdict)}, every hash recomputed, checked against the checkpoints up to its head (event ${verdict.head.seq}).`,
  );
  console.log(`Restore it with: npm run restore -- ${copy}`);
}

main().catch((error) => {
  console.error(error instanceof InvalidEnvironment ? error.message : error);
  process.exit(error instanceof InvalidEnvironment ? 2 : 1);
});
