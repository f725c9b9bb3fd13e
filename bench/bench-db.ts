import fs from "node:fs";
import path from "node:path";

/** The benchmark's own database: the only file these scripts will ever reset. */
export const BENCH_DB = path.resolve("data", "bench", "mailgate-bench.db");
/** Facts about the built dataset (slug, cursors, ids) that the later steps read. */
export const DATASET_FACTS = path.resolve("data", "bench", "dataset.json");

/** DATABASE_PATH when set, else the bench file; refuses anything else so the demo and e2e databases stay safe. */
export function benchDbPath(): string {
  const file = path.resolve(process.env.DATABASE_PATH ?? BENCH_DB);
  if (file !== BENCH_DB) throw new Error(`Refusing to use ${file}: the benchmark database must be ${BENCH_DB}.`);
  return file;
}

/** The bench database's audit checkpoints (beside it, as data/audit-digests is beside the app's). */
export const BENCH_DIGESTS = path.resolve("data", "bench", "audit-digests");

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
