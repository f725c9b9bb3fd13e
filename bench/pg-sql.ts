// The SQL of each benchmarked page on PostgreSQL (`npm run bench -- --db postgres`): the same service
// calls as bench/sql-timings.ts makes on SQLite, timed per call (wall clock: the work is in the
// server's backend process, not this one), and each statement they send run once more under
// EXPLAIN (ANALYZE, BUFFERS) with its own values. Usage: tsx bench/pg-sql.ts <out.json> [page key…]
import fs from "node:fs";
import type { QueryConfig } from "pg";
import { poolOf } from "@/db/pg/portal";
import { openBenchDb, readFacts } from "./bench-db";
import { PAGE_KEYS, pageQueries } from "./page-queries";

const BUDGET_MS = 1500;

type Statement = { text: string; values: unknown[] };
export type PgPlan = { sql: string; ms: number; plan: string[] };

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: tsx bench/pg-sql.ts <out.json> [page key…]");
  const { db, close } = openBenchDb();
  const pool = poolOf(db);
  const queries = pageQueries(db, readFacts());
  let recorded: Statement[] | null = null;
  const query = pool.query.bind(pool) as (config: QueryConfig | string, values?: unknown[]) => Promise<unknown>;
  // Drizzle sends every statement through the pool's query (a text and values, or a named config).
  (pool as unknown as { query: typeof query }).query = (config, values) => {
    const text = typeof config === "string" ? config : config.text;
    // Drizzle passes the values beside a config object too (rows as arrays).
    recorded?.push({ text, values: (typeof config === "string" ? undefined : config.values) ?? values ?? [] });
    return query(config, values);
  };
  const asked = process.argv.slice(3);
  const result: { sql_ms: Record<string, number>; plans: Record<string, PgPlan[]> } = { sql_ms: {}, plans: {} };
  for (const key of PAGE_KEYS.filter((k) => asked.length === 0 || asked.includes(k))) {
    for (let i = 0; i < 5; i++) await queries[key]();
    recorded = [];
    await queries[key]();
    const statements = recorded as Statement[];
    recorded = null;
    const started = performance.now();
    let iterations = 0;
    while (iterations < 20 || (performance.now() - started < BUDGET_MS && iterations < 500)) {
      await queries[key]();
      iterations++;
    }
    result.sql_ms[key] = Math.round(((performance.now() - started) / iterations) * 1000) / 1000;
    const seen = new Set<string>();
    result.plans[key] = [];
    for (const s of statements.filter(
      (s) => /^\s*(select|with)\b/i.test(s.text) && !seen.has(s.text) && seen.add(s.text),
    )) {
      const explained = (await query(`explain (analyze, buffers) ${s.text}`, s.values)) as {
        rows: { "QUERY PLAN": string }[];
      };
      const plan = explained.rows.map((r) => r["QUERY PLAN"]);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1) ?? "")?.[1] ?? NaN);
      result.plans[key].push({ sql: s.text.replace(/\s+/g, " ").trim(), ms, plan });
    }
    const slowest = [...result.plans[key]].sort((a, b) => b.ms - a.ms)[0];
    console.log(
      `  sql ${key}: ${result.sql_ms[key]} ms a call (${statements.length} statements; slowest ${slowest?.ms ?? 0} ms to execute)`,
    );
  }
  await close();
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
