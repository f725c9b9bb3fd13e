import os from "node:os";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// The audit log's secrets for unit tests: fixed, so golden hashes stay golden; never used elsewhere.
// Checkpoints go beside each test's own database file (no MAILGATE_DIGEST_DIR), never into data/.
delete process.env.MAILGATE_DIGEST_DIR;
// Email is off unless a test turns it on against its own SMTP server (lib/services/testing/smtp-sink.ts).
delete process.env.MAILGATE_SMTP_URL;

const resolve = {
  alias: {
    "@": import.meta.dirname,
    // Unit tests are server code: "server-only" resolves as in Next's server bundles (react-server), to nothing.
    "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js`,
  },
};
const env = {
  MAILGATE_AUDIT_KEY: "unit-test-audit-key-0123456789abcdef0123456789",
  MAILGATE_AUDIT_SIGNING_KEY: "MC4CAQAwBQYDK2VwBCIEIPsscWmnUWoL0-IiaR03ZWtmcQs-C_qECm1HslMwpHRU",
};
const EXCLUDE = ["node_modules/**", "e2e/**", ".next/**", ".next-*/**"];
// Files that replace modules with vi.mock run isolated, so their mocks never reach another file.
const MOCKING = ["lib/service-action.test.ts", "app/**/actions.test.ts"];
// Files that run the services on PostgreSQL set DATABASE_URL before their first import of the data
// layer (db/dialect.ts decides once per process): each runs in a process of its own.
const POSTGRES = ["**/*.pg.test.ts"];
// The services' own test files, run a second time on PostgreSQL (issue 19): the same files, with
// DATABASE_URL on one cluster for the run (db/pg/test-templates.ts) and a database of each test's
// own (createTestDb). Files about SQLite itself stay on SQLite, each with its reason:
const SERVICES_ON_POSTGRES = ["lib/services/**/*.test.ts"];
const SQLITE_ONLY = [
  // About SQLite itself: the audit log's file, triggers, backup/restore and verify-by-file
  // (the PostgreSQL side has verify.pg.test.ts and append-postgres.test.ts).
  ...["anchor", "append-only", "backup", "log", "tamper", "upgrade", "verify"].map(
    (f) => `lib/services/audit/${f}.test.ts`,
  ),
  // SQLite's query plans, FTS, statement counts on better-sqlite3 (spies on $client.prepare).
  "lib/services/audit/search.test.ts",
  "lib/services/audit/target-links.test.ts",
  "lib/services/mailboxes/grid.test.ts",
  "lib/services/mailboxes/pending-order.test.ts",
  "lib/services/directory/environment-users.test.ts",
  "lib/services/directory/users.test.ts",
  "lib/services/directory/user-counts.test.ts",
  "lib/services/delegation/delegation-list.test.ts", // on PostgreSQL: delegation-list.pg.test.ts
  // The job runner against SQLite's locking (SQLITE_BUSY) and its total_changes() counter.
  "lib/services/jobs/sqlite.test.ts",
];

// Every project's first setup file: passwords hashed at argon2id's lowest cost (lib/auth/password.ts).
const SETUP = "./lib/auth/unit-test-setup.ts";

// The projects do not extend this file: each would run the global setup again.
const project = (test: TestProjectInlineConfiguration["test"]): TestProjectInlineConfiguration => ({
  resolve,
  // Timeouts generous for a 2-core machine shared with builds (at a load of 15, a test of many
  // small transactions that takes 1 s alone took over 5 s); a test that needs longer says so.
  test: {
    environment: "node",
    pool: "forks",
    env,
    exclude: EXCLUDE,
    testTimeout: 30_000,
    ...test,
    setupFiles: [SETUP, ...[test?.setupFiles ?? []].flat()],
  },
});

export default defineConfig({
  resolve,
  test: {
    env,
    // A worker per core, not Vitest's one fewer: the PostgreSQL files mostly wait on the database.
    // Alone on 2 cores the suite took 140–160 s with two workers, 241 s with one. npm test runs one
    // (scripts/test.mjs), beside the end-to-end specs, where there is no core to spare.
    maxWorkers: os.availableParallelism(),
    // Builds the database templates createTestDb copies (db/testing.ts), once for both projects.
    globalSetup: ["./db/test-templates.ts"],
    projects: [
      // Every other file shares one process and the modules it loaded, instead of loading drizzle,
      // the schema and the services again for each of ~70 files (about half the suite's CPU time).
      // Each test still opens a database of its own (createTestDb): only code is shared.
      project({
        name: "shared",
        include: ["**/*.test.ts"],
        exclude: [...EXCLUDE, ...MOCKING, ...POSTGRES],
        isolate: false,
      }),
      project({ name: "isolated", include: MOCKING }),
      project({ name: "postgresql", include: POSTGRES, setupFiles: ["./db/pg/test-setup.ts"] }),
      project({
        name: "services on postgresql",
        include: SERVICES_ON_POSTGRES,
        exclude: [...EXCLUDE, ...MOCKING, ...POSTGRES, ...SQLITE_ONLY],
        globalSetup: ["./db/pg/test-templates.ts"],
        setupFiles: ["./db/pg/services-setup.ts"],
        isolate: false,
      }),
    ],
  },
});
