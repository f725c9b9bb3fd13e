import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDb, type Db } from "./client";

export { DEMO_SEEDED_AT } from "./test-templates";

/**
 * A database of one unit test's own in a temporary file, copied from a template built once per
 * run (db/test-templates.ts): migrated and empty, or with the Contoso demo seeded at
 * DEMO_SEEDED_AT (`{ demo: true }`). Close it with `dispose`.
 */
export function createTestDb(options: { demo?: boolean } = {}): { db: Db; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(inject(options.demo ? "demoDatabase" : "emptyDatabase"), file);
  const db = openDb(file);
  return {
    db,
    dispose: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
