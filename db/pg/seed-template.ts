// Seeds the Contoso demo at DEMO_SEEDED_AT into the migrated PostgreSQL database DATABASE_URL names:
// the demo template of the "services on postgresql" unit tests (db/pg/test-templates.ts runs it in
// a process of its own, as the dialect is decided once per process and Vitest's is SQLite's).
import { DEMO_SEEDED_AT } from "../test-templates";
import { seedDemo } from "../seed/demo";
import { openPortalPg, poolOf } from "./portal";

async function main() {
  const db = openPortalPg(process.env.DATABASE_URL!, { max: 1 });
  try {
    await seedDemo(db, DEMO_SEEDED_AT);
  } finally {
    await poolOf(db).end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
