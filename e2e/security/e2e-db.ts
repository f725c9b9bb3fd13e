import Database from "better-sqlite3";

/** One per build folder, chosen by scripts/e2e-steps.mjs, which tells Playwright where it is. */
export function e2eDatabasePath(): string {
  const file = process.env.E2E_DATABASE;
  if (!file) throw new Error("E2E_DATABASE is not set: run the end-to-end tests with `npm run test:e2e`.");
  return file;
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
