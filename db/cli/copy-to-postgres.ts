// npm run db:copy -- --to postgres://user@host:port/db
// Copies this installation's SQLite database (DATABASE_PATH, or data/mailgate.db) into an empty
// PostgreSQL database: migrates it, copies every table in one transaction from one snapshot, then
// walks the copied audit chain on PostgreSQL with the key and holds it against the source's signed
// checkpoints (db/pg/copy.ts).
// Exit 0: copied and verified; 1: copied but the chain or the counts do not verify; 2: cannot copy.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { InvalidEnvironment } from "@/lib/env";
import { databasePath } from "../client";
import { openPgDb } from "../pg/client";
import { copyToPostgres, TargetNotEmpty } from "../pg/copy";
import { loadLocalSecrets } from "./secrets";

async function main() {
  loadLocalSecrets();
  const { values } = parseArgs({ options: { to: { type: "string" } } });
  if (!values.to?.startsWith("postgres")) {
    console.error("Usage: npm run db:copy -- --to postgres://user@host:port/database");
    return 2;
  }
  const file = databasePath();
  if (!fs.existsSync(file)) {
    console.error(`No database at ${file} (set DATABASE_PATH).`);
    return 2;
  }
  const target = await openPgDb(values.to, { max: 1 });
  try {
    const started = performance.now();
    const report = await copyToPostgres(file, target);
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `copied ${file} → ${new URL(values.to).host}${new URL(values.to).pathname}: ${report.tables.length} tables, ${rows.toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const t of report.tables.filter((t) => t.rows > 0)) console.log(`  ${t.name}: ${t.rows.toLocaleString("en")}`);
    const { audit } = report;
    if (audit.fault) console.error(`✗ the audit chain does NOT verify on PostgreSQL: ${audit.fault}`);
    else
      console.log(
        `✓ audit chain verified on PostgreSQL: ${audit.events} events, head ${audit.headSeq} (${audit.headHash})`,
      );
    const { checkpoints } = report;
    const isAnchored = !checkpoints.mismatch && checkpoints.reproduced === checkpoints.of;
    if (checkpoints.of === 0) console.log("· no signed checkpoints beside the source to hold the copy against");
    else if (isAnchored) console.log(`✓ the copy reproduces all ${checkpoints.of} of the source's signed checkpoints`);
    else
      console.error(
        `✗ the copy reproduces ${checkpoints.reproduced} of the source's ${checkpoints.of} signed checkpoints${checkpoints.mismatch ? `: ${checkpoints.mismatch}` : ""}`,
      );
    if (!report.maintainedCountsMatch) console.error("✗ the maintained counts differ from the source's");
    else console.log("✓ the grid's and the Users page's counts match the source's");
    return audit.fault || !isAnchored || !report.maintainedCountsMatch ? 1 : 0;
  } catch (error) {
    if (error instanceof TargetNotEmpty) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await target.$client.end();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof InvalidEnvironment ? error.message : error);
    process.exit(2);
  });
