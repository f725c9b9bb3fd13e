import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDb, type Db } from "@/db/client";
import { DIALECT } from "@/db/dialect";
import { openPortalPg, poolOf } from "@/db/pg/portal";
import { affected, first } from "@/db/query";
import { serverProfiles } from "@/db/schema";
import { flag } from "@/db/sql";

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
 * The bench's database for a step: the PostgreSQL database DATABASE_URL names (`--db postgres`, a
 * copy of the bench file), else the bench file. `location` is what verifyAuditLog takes.
 */
export function openBenchDb(): { db: Db; location: string; close: () => Promise<void> } {
  if (DIALECT === "postgresql") {
    const url = process.env.DATABASE_URL!;
    const db = openPortalPg(url, { max: 5 });
    return { db, location: url, close: () => poolOf(db).end() };
  }
  const file = benchDbPath();
  const db = openDb(file);
  return { db, location: file, close: async () => void db.$client.close() };
}

/** A statement written in SQL, on either dialect; how many rows it changed. */
export async function runSql(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const d = db as unknown as { run?: (q: unknown) => unknown; execute: (q: unknown) => Promise<unknown> };
  return affected(d.run ? await d.run(query) : await d.execute(query));
}

/**
 * A server profile holding the environment's first `count` mailboxes by id (active ones only, unless
 * said), for the Test & Enable measurements (bench setup, not product behaviour). Returns its id.
 */
export async function benchProfile(
  db: Db,
  environmentId: number,
  count: number,
  { activeOnly = true } = {},
): Promise<number> {
  const now = new Date();
  const profile = await first(
    db
      .insert(serverProfiles)
      .values({
        environmentId,
        name: `Bench ${count} ${now.getTime()}`,
        authType: "s2s_same_tenant",
        isDefault: false,
        isActive: true,
        createdAt: now,
      })
      .returning({ id: serverProfiles.id }),
  );
  await runSql(
    db,
    sql`update mailboxes set server_profile_id = ${profile!.id} where id in (select id from mailboxes where environment_id = ${environmentId} and (is_active = ${flag(true)} or ${flag(!activeOnly)}) order by id limit ${count})`,
  );
  return profile!.id;
}
