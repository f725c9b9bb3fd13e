import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Every transaction the app opens starts IMMEDIATE (issue 12). A deferred transaction that reads
 * and then writes must upgrade its lock, and when another process committed in between, SQLite
 * answers SQLITE_BUSY at once, without waiting on busy_timeout: with two servers on one database,
 * 574 of 650 throttled sign-ins failed that way and lost their audit events. Autocommit single
 * statements are fine: they take the write lock up front and wait. The app's transactions go
 * through withTransaction (db/transaction.ts, which begins IMMEDIATE; its own test proves the
 * lock); what is left is better-sqlite3's own `.transaction(fn)`, which must end `.immediate()`.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const SCANNED = ["lib", "db"];
/**
 * PostgreSQL's code (issue 19): a BEGIN there has no IMMEDIATE (writers wait on row locks), and
 * the copy's SQLite side only reads, through a read-only connection, where a deferred BEGIN is the
 * snapshot it wants.
 */
const NOT_SQLITE_WRITES = [path.join(ROOT, "db", "pg")];
/** Files whose BEGIN opens a read-only connection's snapshot (the audit chain's reader, an export's), which never writes. */
const READ_ONLY = [path.join(ROOT, "lib", "services", "audit", "reader.ts"), path.join(ROOT, "db", "snapshot.ts")];

function sourceFiles(dir: string): string[] {
  if (NOT_SQLITE_WRITES.includes(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    // PostgreSQL's own files beside SQLite's (lib/services/audit/*-postgres.ts): as db/pg above.
    const isPostgres = /-postgres\.ts$/.test(entry.name);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !isPostgres ? [full] : [];
  });
}

/** Each `.transaction(` call with its arguments (to the matching parenthesis) and what follows it. */
function transactionCalls(source: string): { line: number; call: string; after: string }[] {
  const calls = [];
  for (const match of source.matchAll(/\.transaction\(/g)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < source.length; end++) {
      if (source[end] === "(") depth++;
      else if (source[end] === ")" && --depth === 0) break;
    }
    calls.push({
      line: source.slice(0, match.index).split("\n").length,
      call: source.slice(match.index, end + 1),
      // Without the line break and indent the formatter puts before a chained call.
      after: source.slice(end + 1, end + 40).trimStart(),
    });
  }
  return calls;
}

describe("transactions that may write", () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir)));

  it("the scan sees raw transactions (the audit tamper helper's among them)", () => {
    const tamper = fs.readFileSync(path.join(ROOT, "lib/services/audit/testing.ts"), "utf8");
    expect(transactionCalls(tamper).length).toBeGreaterThanOrEqual(1);
  });

  it("the app's transactions go through withTransaction (the sign-in's among them)", () => {
    const signIn = fs.readFileSync(path.join(ROOT, "lib/services/identity/sign-in.ts"), "utf8");
    expect(signIn.match(/\bwithTransaction\(/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("every one in lib/ and db/ starts IMMEDIATE: Drizzle's behavior option, or better-sqlite3's .immediate()", () => {
    const deferred = files.flatMap((file) =>
      transactionCalls(fs.readFileSync(file, "utf8"))
        .filter(({ call, after }) => !/behavior:\s*"immediate"/.test(call) && !after.startsWith(".immediate("))
        .map(({ line }) => `${path.relative(ROOT, file)}:${line}`),
    );
    expect(deferred).toEqual([]);
  });

  it("no hand-written BEGIN that is not IMMEDIATE", () => {
    const plain = files.filter(
      (file) =>
        !READ_ONLY.includes(file) &&
        /["'`]\s*begin(\s+deferred)?\s*(transaction)?\s*;?\s*["'`]/i.test(fs.readFileSync(file, "utf8")),
    );
    expect(plain.map((file) => path.relative(ROOT, file))).toEqual([]);
  });
});
