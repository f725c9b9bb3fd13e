// Applies migrations and, unless MAILGATE_SEED=none, seeds the demo tenant into an empty database;
// then checkpoints the audit log, so whatever was written since the last run (a kill -9 skips the
// checkpoint at shutdown) is anchored from the start.
import { InvalidEnvironment, serverEnv } from "@/lib/env";
import { writeCheckpoint } from "@/lib/services/audit";
import { openMigrated } from "../client";
import { seedDemoIfEmpty } from "../seed/demo";
import { loadLocalSecrets } from "./secrets";

async function main() {
  loadLocalSecrets();
  const { db, location, shown, close } = await openMigrated();
  const skip = serverEnv().MAILGATE_SEED === "none";
  const seeded = skip ? false : await seedDemoIfEmpty(db);
  console.log(
    `database ${shown}: migrated${seeded ? ", demo tenant seeded" : skip ? ", seeding skipped (MAILGATE_SEED=none)" : ""}`,
  );
  await close();
  const outcome = await writeCheckpoint(location);
  // A broken chain must not keep the portal from starting: it is reported, and Verify shows it.
  if (outcome.status === "refused") console.error(`audit log: ${outcome.message}`);
  if (outcome.status === "written") console.log(`audit log: checkpoint at event ${outcome.checkpoint.seq}`);
}

main().catch((error) => {
  console.error(error instanceof InvalidEnvironment ? error.message : error);
  process.exit(1);
});
