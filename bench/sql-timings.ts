// The raw SQL time (CPU) of each benchmarked page (the same service calls, no rendering) and the query
// plan of every statement they run. Usage: tsx bench/sql-timings.ts <out.json> [page key…] (default: every page)
import fs from "node:fs";
import { openDb, type Db } from "@/db/client";
import { benchDbPath, readFacts } from "./bench-db";
import { PAGE_KEYS, pageQueries, type PageKey } from "./page-queries";

export type Plan = { sql: string; plan: string[] };
export type SqlTimings = {
  sql_ms: Record<PageKey, number>;
  iterations: Record<PageKey, number>;
  plans: Record<PageKey, Plan[]>;
};

const BUDGET_MS = 1500;
const MAX_ITERATIONS = 1000;

/**
 * Mean CPU time (user + system) of one run: on a shared machine the wall clock also counts the turns
 * other processes take on the cores, which made the same query read 0.7 ms on a quiet machine and
 * 7 to 23 ms on a busy one; the process's own CPU time hardly moves.
 */
async function meanMs(run: () => Promise<void>): Promise<{ ms: number; iterations: number }> {
  for (let i = 0; i < 5; i++) await run();
  const started = performance.now();
  const cpu = process.cpuUsage();
  let iterations = 0;
  while (iterations < 50 || (performance.now() - started < BUDGET_MS && iterations < MAX_ITERATIONS)) {
    await run();
    iterations++;
  }
  const used = process.cpuUsage(cpu);
  return { ms: (used.user + used.system) / 1000 / iterations, iterations };
}

type Method = "all" | "get" | "run" | "iterate";

/** The statements `run` executes, with their parameters: better-sqlite3's Statement methods, wrapped for one call. */
async function recordStatements(db: Db, run: () => Promise<void>): Promise<{ sql: string; params: unknown[] }[]> {
  const proto = Object.getPrototypeOf(db.$client.prepare("select 1")) as Record<
    Method,
    (...args: unknown[]) => unknown
  >;
  const recorded: { sql: string; params: unknown[] }[] = [];
  const originals = (["all", "get", "run", "iterate"] as const).map((name) => [name, proto[name]] as const);
  for (const [name, original] of originals) {
    proto[name] = function (this: { source: string }, ...params: unknown[]) {
      recorded.push({ sql: this.source, params });
      return original.apply(this, params);
    };
  }
  try {
    await run();
  } finally {
    for (const [name, original] of originals) proto[name] = original;
  }
  return recorded;
}

/** A full scan matters by the size of what it scans: each SCAN of a table notes its row count. */
function withRowCount(db: Db, line: string): string {
  // A virtual table (the trigram index, json_each) is searched through its own index, not scanned.
  const table = /VIRTUAL TABLE/.test(line) ? undefined : /\bSCAN (\w+)/.exec(line)?.[1];
  const exists =
    table && db.$client.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table);
  return exists
    ? `${line} [${(db.$client.prepare(`select count(*) n from "${table}"`).get() as { n: number }).n} rows]`
    : line;
}

function explain(db: Db, statements: { sql: string; params: unknown[] }[]): Plan[] {
  const seen = new Set<string>();
  return statements
    .filter((s) => /^\s*(select|with)\b/i.test(s.sql) && !seen.has(s.sql) && seen.add(s.sql))
    .map((s) => {
      const rows = db.$client.prepare(`explain query plan ${s.sql}`).all(...s.params) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const depth = new Map<number, number>([[0, -1]]);
      const plan = rows.map((r) => {
        depth.set(r.id, (depth.get(r.parent) ?? 0) + 1);
        return `${"  ".repeat(depth.get(r.id)!)}${withRowCount(db, r.detail)}`;
      });
      return { sql: s.sql.replace(/\s+/g, " ").trim(), plan };
    });
}

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/sql-timings.ts <out.json>");
  const db = openDb(benchDbPath());
  const queries = pageQueries(db, readFacts());
  const result: SqlTimings = {
    sql_ms: {} as SqlTimings["sql_ms"],
    iterations: {} as SqlTimings["iterations"],
    plans: {} as SqlTimings["plans"],
  };
  const asked = process.argv.slice(3);
  for (const key of PAGE_KEYS.filter((k) => asked.length === 0 || asked.includes(k))) {
    result.plans[key] = explain(db, await recordStatements(db, queries[key]));
    const { ms, iterations } = await meanMs(queries[key]);
    result.sql_ms[key] = Math.round(ms * 1000) / 1000;
    result.iterations[key] = iterations;
    console.log(`  sql ${key}: ${result.sql_ms[key]} ms (mean of ${iterations})`);
  }
  db.$client.close();
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
