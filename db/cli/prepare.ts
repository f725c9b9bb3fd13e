// Applies migrations and, unless MAILGATE_SEED=none, seeds the demo tenant into an empty database.
import { databasePath, openDb } from "../client";
import { seedDemoIfEmpty } from "../seed/demo";

async function main() {
  const file = databasePath();
  const db = openDb(file);
  const skip = process.env.MAILGATE_SEED === "none";
  const seeded = skip ? false : await seedDemoIfEmpty(db);
  console.log(`database ${file}: migrated${seeded ? ", demo tenant seeded" : skip ? ", seeding skipped (MAILGATE_SEED=none)" : ""}`);
  db.$client.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
