import { defineConfig } from "vitest/config";

// The audit log's secrets for unit tests: fixed, so golden hashes stay golden; never used elsewhere.
// Checkpoints go beside each test's own database file (no MAILGATE_DIGEST_DIR), never into data/.
delete process.env.MAILGATE_DIGEST_DIR;
// Email is off unless a test turns it on against its own SMTP server (lib/services/testing/smtp-sink.ts).
delete process.env.MAILGATE_SMTP_URL;

export default defineConfig({
  resolve: {
    alias: {
      "@": import.meta.dirname,
      // Unit tests are server code: "server-only" resolves as in Next's server bundles (react-server), to nothing.
      "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js`,
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**"],
    environment: "node",
    pool: "forks",
    env: {
      MAILGATE_AUDIT_KEY: "unit-test-audit-key-0123456789abcdef0123456789",
      MAILGATE_AUDIT_SIGNING_KEY: "MC4CAQAwBQYDK2VwBCIEIPsscWmnUWoL0-IiaR03ZWtmcQs-C_qECm1HslMwpHRU",
    },
  },
});
