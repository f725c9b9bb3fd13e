import path from "node:path";
import { inject } from "vitest";

// The "services on postgresql" project (vitest.config.mts): before a test file's first import of
// the data layer (db/dialect.ts decides once per process), the run's cluster is the database, and
// audit checkpoints go to a temporary folder of the process's rather than the app's
// data/audit-digests. Files share a process (and its memo of the environment, lib/env.ts): once.
process.env.DATABASE_URL = inject("pgTemplates").url;
// A folder per test database (each test has its own, and a folder's checkpoints describe one
// chain), in the run's folder that the global setup removes (db/pg/test-templates.ts).
process.env.MAILGATE_DIGEST_DIR ||= path.join(inject("pgTemplates").digestRoot, "{database}");
