import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, type Db } from "./client";

/** A fresh, migrated database in a temporary file, for one unit test. Close it with `dispose`. */
export function createTestDb(): { db: Db; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-test-"));
  const db = openDb(path.join(dir, "test.db"));
  return {
    db,
    dispose: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
