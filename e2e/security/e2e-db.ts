import path from "node:path";
import Database from "better-sqlite3";

/** One per build folder, named as scripts/e2e-server.mjs names it. */
export function e2eDatabasePath(): string {
  const suffix = (process.env.NEXT_DIST_DIR || ".next").replace(/^\.next-?/, "").replace(/[^a-z0-9-]/gi, "");
  return path.resolve("data", "e2e", `mailgate-e2e${suffix ? `-${suffix}` : ""}.db`);
}

export function openE2eDatabase() {
  return new Database(e2eDatabasePath(), { readonly: true, fileMustExist: true });
}

/**
 * The end-to-end database, opened read-only, so a security test can prove that a refused request
 * changed nothing (rows and audit events counted before and after). Same path as scripts/e2e-server.mjs.
 */
export function e2eDatabase() {
  const db = openE2eDatabase();
  return {
    one: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T,
    all: <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
    count: (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n,
    close: () => db.close(),
  };
}
