/**
 * The database this process runs on (issue 19): PostgreSQL when DATABASE_URL names one
 * (postgres:// or postgresql://), else the embedded SQLite file (DATABASE_PATH). Decided once per
 * process, at first import: the tables (db/schema) and the connection (db/client.ts) follow it.
 */
export type Dialect = "sqlite" | "postgresql";

export function dialectOf(url: string | undefined): Dialect {
  return url && /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

export const DIALECT: Dialect = dialectOf(process.env.DATABASE_URL);
