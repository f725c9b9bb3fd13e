// npm run restore -- FILE: puts a backup in place of the database (DATABASE_PATH, default
// data/mailgate.db; on PostgreSQL, the database DATABASE_URL names, from a `npm run backup` dump).
// Refuses while any process has the database open (on PostgreSQL: any other session connected to
// it), and refuses a backup whose audit chain does not verify against the checkpoints up to its own
// head. The replaced database is kept (beside the file; on PostgreSQL, renamed on the same server);
// a signed restore record in the digest folder says which checkpointed events the backup lacks.
// Exit 0: restored; 1: refused; 2: bad arguments.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { InvalidEnvironment } from "@/lib/env";
import {
  DatabaseInUse,
  describeVerdict,
  digestDirFor,
  restoreDatabase,
  restorePostgresDatabase,
  span,
} from "@/lib/services/audit";
import { isPostgresLocation } from "@/lib/services/audit/reader";
import { databaseLocation, withoutPassword } from "../client";
import { loadLocalSecrets } from "./secrets";

async function main() {
  loadLocalSecrets();
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const backup = positionals[0] && path.resolve(positionals[0]);
  if (!backup || positionals.length > 1 || !fs.existsSync(backup)) {
    console.error(backup ? `No backup at ${backup}.` : "Usage: npm run restore -- FILE");
    process.exit(2);
  }
  const location = databaseLocation();
  const onPostgres = isPostgresLocation(location);
  const outcome = onPostgres
    ? await restorePostgresDatabase(backup, location)
    : await restoreDatabase(backup, location);
  if (!outcome.ok) {
    console.error(`${outcome.message} ${describeVerdict(outcome.verdict)}`);
    for (const p of outcome.verdict.problems) console.error(`  ✗ ${p.kind} at event ${p.seq}: ${p.message}`);
    process.exitCode = 1;
    return;
  }
  const { verdict, previous } = outcome;
  console.log(
    `restored ${backup} to ${withoutPassword(location)}: ${describeVerdict(verdict)}, verified against the checkpoints up to its head (event ${verdict.head.seq}).`,
  );
  const lost = span(verdict.head.seq + 1, verdict.head.seq + verdict.lacks);
  console.log(
    verdict.lacks
      ? `It lacks ${verdict.lacks} checkpointed ${verdict.lacks === 1 ? "event" : "events"} (${lost}): recorded as given up in ${digestDirFor(location)}.`
      : "It lacks no checkpointed event.",
  );
  if (previous)
    console.log(`The replaced database is kept as ${previous}${onPostgres ? " (a database on the same server)" : ""}.`);
}

main().catch((error) => {
  console.error(
    error instanceof DatabaseInUse || error instanceof InvalidEnvironment ? `Not restored: ${error.message}` : error,
  );
  process.exit(1);
});
