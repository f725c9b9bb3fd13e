import fs from "node:fs";
import path from "node:path";

const SIZE = Number(process.env.BENCH_MAILBOXES ?? 100_000);
/** data/bench for the 100,000 run; a folder of its own beside it for any other size, so either keeps its database. */
export const BENCH_DIR = path.resolve("data", "bench", ...(SIZE === 100_000 ? [] : [`mailboxes-${SIZE}`]));
/** The benchmark's own database: the only file these scripts will ever reset. */
export const BENCH_DB = path.join(BENCH_DIR, "mailgate-bench.db");
/** Facts about the built dataset (slug, cursors, ids) that the later steps read. */
export const DATASET_FACTS = path.join(BENCH_DIR, "dataset.json");

/** DATABASE_PATH when set, else the bench file; refuses anything else so the demo and e2e databases stay safe. */
export function benchDbPath(): string {
  const file = path.resolve(process.env.DATABASE_PATH ?? BENCH_DB);
  if (file !== BENCH_DB) throw new Error(`Refusing to use ${file}: the benchmark database must be ${BENCH_DB}.`);
  return file;
}

/** The bench database's audit checkpoints (beside it, as data/audit-digests is beside the app's). */
export const BENCH_DIGESTS = path.join(BENCH_DIR, "audit-digests");

export function resetBenchDb(): string {
  const file = benchDbPath();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  // Checkpoints of the previous run's database would contradict the new one.
  fs.rmSync(BENCH_DIGESTS, { recursive: true, force: true });
  return file;
}

export type DatasetFacts = {
  dataset_build_s: number;
  environmentId: number;
  slug: string;
  benchUserId: number;
  /** base64url JSON [name, id] of the row before ~row 90,000 of Active Mailboxes, as the page encodes it. */
  deepCursor: string;
  deepRow: number;
  searchQuery: string;
  auditAction: string;
  counts: Record<string, number>;
};

export function readFacts(): DatasetFacts {
  return JSON.parse(fs.readFileSync(DATASET_FACTS, "utf8")) as DatasetFacts;
}

/**
 * A server profile holding the environment's first `count` mailboxes by id (active ones only, unless
 * said), for the Test & Enable measurements (bench setup, not product behaviour). Returns its id.
 */
export function benchProfile(
  db: { $client: import("better-sqlite3").Database },
  environmentId: number,
  count: number,
  { activeOnly = true } = {},
): number {
  const now = Date.now();
  const profileId = db.$client
    .prepare(
      "insert into server_profiles (environment_id, name, auth_type, is_default, is_active, created_at) values (?, ?, 's2s_same_tenant', 0, 1, ?)",
    )
    .run(environmentId, `Bench ${count} ${now}`, now).lastInsertRowid as number;
  db.$client
    .prepare(
      "update mailboxes set server_profile_id = ? where id in (select id from mailboxes where environment_id = ? and (is_active = 1 or ?) order by id limit ?)",
    )
    .run(profileId, environmentId, activeOnly ? 0 : 1, count);
  return profileId;
}
