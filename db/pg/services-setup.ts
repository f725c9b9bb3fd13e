import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

// The "services on postgresql" project (vitest.config.mts): before a test file's first import of
// the data layer (db/dialect.ts decides once per process), the run's cluster is the database, and
// audit checkpoints go to a temporary folder of the process's rather than the app's
// data/audit-digests. Files share a process (and its memo of the environment, lib/env.ts): once.
process.env.DATABASE_URL = inject("pgTemplates").url;
if (!process.env.MAILGATE_DIGEST_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-pg-digests-"));
  process.env.MAILGATE_DIGEST_DIR = dir;
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
}
