import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

// Each PostgreSQL test file (its own process) seals its audit checkpoints into a folder of its own:
// without MAILGATE_DIGEST_DIR a PostgreSQL location's checkpoints go to the app's data/audit-digests.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailgate-pg-digests-"));
process.env.MAILGATE_DIGEST_DIR = dir;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
