// Turns one run's measurements into bench/results/latest.json (one fixed shape, so runs compare),
// latest.md and query-plans.md, and prints the table. Usage: tsx bench/report.ts <raw.json>
import fs from "node:fs";
import path from "node:path";
import { PICKER_QUERY, type PageKey } from "./page-queries";
import type { SqlTimings } from "./sql-timings";

type MeasuredPage = {
  key: PageKey;
  name: string;
  path: string;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  bytes_per_response: number;
};
type Raw = {
  pages: MeasuredPage[];
  sql: SqlTimings;
  bulk_approve_10k_ms: number;
  bulk_approve_set_based_ms: number;
  bulk_approve_10k_one_transaction_ms: number;
  test_enable_10k_s: number;
  audit_events: number;
  verify_incremental_ms: number;
  verify_incremental_rechecked: number;
  verify_full_s: number;
  first_load_js_gzip_bytes: number;
  first_load_js_files: number;
  peak_rss_mb: number;
  dataset_build_s: number;
  machine: { cpus: number; node: string };
  run_s: number;
  job_load?: JobLoad;
};
/** bench/job-load.mjs: the mailboxes grid idle, then while a 100,000-row job runs in the server. */
type JobLoad = {
  grid_idle: { p95_ms: number; rps: number };
  grid_during_job: { p95_ms: number; rps: number };
  grid_p95_ratio: number;
  grid_p95_ratio_target: number;
  job_100k_rows_per_s_under_load: number;
  job_100k_s: number;
  job_100k_status: string;
};
type Target = { target: string; measured: string; met: boolean | null };

const RESULTS = path.resolve("bench", "results");
const JS_LIMIT = 180 * 1024;

function targetsOf(
  raw: Raw,
  pages: { name: string; rps: number; p95_ms: number; ratio_to_baseline: number }[],
): Target[] {
  const byKey = new Map(raw.pages.map((p, i) => [p.key, { ...p, ...pages[i]! }]));
  const clean = (p: MeasuredPage) => p.non2xx === 0 && p.mismatches === 0 && p.errors === 0;
  const grids = raw.pages
    .filter((p) => p.key !== "baseline")
    .map((p): Target => {
      const page = byKey.get(p.key)!;
      const dirty = clean(p) ? "" : ` — ${p.non2xx} non-2xx, ${p.mismatches} wrong bodies, ${p.errors} errors`;
      return {
        target: `${p.name}: ≥ 70% of baseline req/s and p95 ≤ 150 ms`,
        measured: `${pct(page.ratio_to_baseline)}, p95 ${page.p95_ms} ms${dirty}`,
        met: clean(p) && page.ratio_to_baseline >= 0.7 && page.p95_ms <= 150,
      };
    });
  const first = byKey.get("mailboxes")!;
  const deep = byKey.get("deep")!;
  const deepRatio = deep.rps / first.rps;
  return [
    ...grids,
    { target: "deep page within 10% of the first page (req/s)", measured: pct(deepRatio), met: deepRatio >= 0.9 },
    {
      target: "bulk approve 10,000 ≤ 1 s (synchronous = FULL)",
      measured: `${raw.bulk_approve_10k_ms} ms`,
      met: raw.bulk_approve_10k_ms <= 1000,
    },
    {
      target: `Verify integrity on ${raw.audit_events.toLocaleString("en")} events (quick check) < 1 s`,
      measured: `${raw.verify_incremental_ms} ms`,
      met: raw.verify_incremental_ms < 1000,
    },
    { target: "Test & Enable 10,000 ≤ 30 s", measured: `${raw.test_enable_10k_s} s`, met: raw.test_enable_10k_s <= 30 },
    {
      target: "first-load JS of the mailboxes page ≤ 180 KB gzip",
      measured: `${(raw.first_load_js_gzip_bytes / 1024).toFixed(1)} KB (${raw.first_load_js_files} scripts)`,
      met: raw.first_load_js_gzip_bytes <= JS_LIMIT,
    },
    { target: "peak server RSS ≤ 500 MB", measured: `${raw.peak_rss_mb} MB`, met: raw.peak_rss_mb <= 500 },
    {
      target: "Delegate picker finds a user by email among 100,000 in < 100 ms server time",
      measured: `${raw.sql.sql_ms.picker} ms`,
      met: raw.sql.sql_ms.picker < 100,
    },
    ...(raw.job_load ? [jobLoadTarget(raw.job_load)] : []),
  ];
}

function jobLoadTarget(j: JobLoad): Target {
  return {
    target: `mailboxes grid p95 while a 100,000-row job runs ≤ ${j.grid_p95_ratio_target}× idle`,
    measured: `${j.grid_idle.p95_ms} → ${j.grid_during_job.p95_ms} ms (×${j.grid_p95_ratio})`,
    met: j.grid_p95_ratio <= j.grid_p95_ratio_target,
  };
}

const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
const mark = (met: boolean | null) => (met === null ? "–" : met ? "✅" : "❌");
const row = (cells: (string | number | null)[]) =>
  `| ${cells.map((c) => (c === null ? "–" : String(c))).join(" | ")} |`;

/**
 * A virtual table's "SCAN" that is really a lookup: an FTS5 MATCH (idxStr "M…") reads only the
 * index entries of its terms, and json_each walks the one JSON value bound to it.
 */
const isLookup = (line: string) =>
  /VIRTUAL TABLE INDEX \d+:M/.test(line) || /SCAN json_each VIRTUAL TABLE INDEX 1:/.test(line);

/** Statements whose plan scans a table or an index from end to end, or sorts in a temporary B-tree. */
function planFindings(sql: SqlTimings): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const [page, plans] of Object.entries(sql.plans)) {
    for (const p of plans) {
      const flagged = p.plan.filter((l) => (/\bSCAN (?!v\b)/.test(l) && !isLookup(l)) || /TEMP B-TREE/.test(l));
      if (!flagged.length || seen.has(p.sql)) continue;
      seen.add(p.sql);
      lines.push(
        `- **${page}**: \`${p.sql.slice(0, 160)}${p.sql.length > 160 ? "…" : ""}\` → ${flagged.map((l) => `\`${l.trim()}\``).join(", ")}`,
      );
    }
  }
  return lines;
}

function jobLoadRows(j: JobLoad): string[] {
  return [
    row([
      "mailboxes grid p95: idle / during a 100,000-row Test & Enable job",
      `${j.grid_idle.p95_ms} / ${j.grid_during_job.p95_ms} ms (×${j.grid_p95_ratio}); ${j.grid_idle.rps} / ${j.grid_during_job.rps} req/s`,
    ]),
    row([
      "that job: rows/s while the grid was loaded; whole job",
      `${j.job_100k_rows_per_s_under_load.toLocaleString("en")} rows/s; ${j.job_100k_s} s (${j.job_100k_status})`,
    ]),
  ];
}

function main() {
  const raw = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as Raw;
  const baseline = raw.pages.find((p) => p.key === "baseline")!;
  const pages = raw.pages.map((p) => ({
    name: p.name,
    rps: p.rps,
    p50_ms: p.p50_ms,
    p95_ms: p.p95_ms,
    p99_ms: p.p99_ms,
    ratio_to_baseline: Math.round((p.rps / baseline.rps) * 100) / 100,
    sql_ms: raw.sql.sql_ms[p.key],
  }));
  const targets = targetsOf(raw, pages);
  const latest = {
    pages,
    bulk_approve_10k_ms: raw.bulk_approve_10k_ms,
    bulk_approve_set_based_ms: raw.bulk_approve_set_based_ms,
    bulk_approve_10k_one_transaction_ms: raw.bulk_approve_10k_one_transaction_ms,
    test_enable_10k_s: raw.test_enable_10k_s,
    audit_events: raw.audit_events,
    verify_incremental_ms: raw.verify_incremental_ms,
    verify_full_s: raw.verify_full_s,
    first_load_js_gzip_bytes: raw.first_load_js_gzip_bytes,
    peak_rss_mb: raw.peak_rss_mb,
    delegate_picker_ms: raw.sql.sql_ms.picker,
    tenant_delegations_sql_ms: raw.sql.sql_ms.delegations,
    job_load: raw.job_load ?? null,
    dataset_build_s: raw.dataset_build_s,
    machine: raw.machine,
    targets,
  };

  const md = [
    `## Benchmark: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${raw.machine.cpus} CPUs, Node ${raw.machine.node}`,
    "",
    "10 connections, 2 s warm-up, 10 s measured per page; signed in as a Delegated Mailbox Approver with System Administrator. SQL ms: mean of the same service calls (the shell's included) in a separate process.",
    "",
    row(["#", "page", "req/s", "p50 ms", "p95 ms", "p99 ms", "vs baseline", "SQL ms", "non-2xx", "KB/response"]),
    row(["-", "-", "-:", "-:", "-:", "-:", "-:", "-:", "-:", "-:"]),
    ...pages.map((p, i) =>
      row([
        i,
        p.name,
        p.rps,
        p.p50_ms,
        p.p95_ms,
        p.p99_ms,
        pct(p.ratio_to_baseline),
        p.sql_ms,
        raw.pages[i]!.non2xx + raw.pages[i]!.mismatches,
        (raw.pages[i]!.bytes_per_response / 1024).toFixed(1),
      ]),
    ),
    "",
    row(["measure", "value"]),
    row(["-", "-:"]),
    row([
      "bulk approve 10,000 (background job, as the UI runs it; synchronous = FULL)",
      `${raw.bulk_approve_10k_ms} ms`,
    ]),
    row([
      "bulk approve 10,000 other rows in one transaction (as runs under 1,000 go)",
      `${raw.bulk_approve_10k_one_transaction_ms} ms`,
    ]),
    row([
      "set-based UPDATE of the same rows",
      `${raw.bulk_approve_set_based_ms} ms (×${(raw.bulk_approve_10k_ms / raw.bulk_approve_set_based_ms).toFixed(1)})`,
    ]),
    row(["Test & Enable 10,000 (server-profile job)", `${raw.test_enable_10k_s} s`]),
    row([
      `Verify integrity, quick check (Verify button), ${raw.audit_events.toLocaleString("en")} events, ${raw.verify_incremental_rechecked} after the newest checkpoint`,
      `${raw.verify_incremental_ms} ms`,
    ]),
    row([
      `Verify integrity, full walk (npm run audit:verify -- --full), ${raw.audit_events.toLocaleString("en")} events`,
      `${raw.verify_full_s} s`,
    ]),
    row(["first-load JS, mailboxes page", `${raw.first_load_js_gzip_bytes.toLocaleString("en")} B gzip`]),
    row(["peak server RSS (VmHWM)", `${raw.peak_rss_mb} MB`]),
    row([
      `Delegate picker: the actor and a search by email ("${PICKER_QUERY}") among 100,000 users, server time`,
      `${raw.sql.sql_ms.picker} ms`,
    ]),
    row([
      "tenant delegations page, first page as a Global Administrator: SQL and rules",
      `${raw.sql.sql_ms.delegations} ms`,
    ]),
    row(["Pending view sorted by Pending since, first page: SQL", `${raw.sql.sql_ms.pendingSince} ms`]),
    row(["environment overview with the pending-age chart: SQL", `${raw.sql.sql_ms.overview} ms`]),
    ...(raw.job_load ? jobLoadRows(raw.job_load) : []),
    row(["dataset build", `${raw.dataset_build_s} s`]),
    row(["whole run", `${raw.run_s} s`]),
    "",
    row(["target", "measured", "met"]),
    row(["-", "-", ":-:"]),
    ...targets.map((t) => row([t.target, t.measured, mark(t.met)])),
    "",
    "### Query plans with a full scan or a temporary B-tree",
    "",
    ...planFindings(raw.sql),
    "",
  ].join("\n");

  const plans = Object.entries(raw.sql.plans).flatMap(([page, list]) => [
    `## ${page}`,
    "",
    ...list.flatMap((p) => ["```", p.sql, ...p.plan, "```", ""]),
  ]);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, "latest.json"), JSON.stringify(latest, null, 2) + "\n");
  fs.writeFileSync(path.join(RESULTS, "latest.md"), md);
  fs.writeFileSync(
    path.join(RESULTS, "query-plans.md"),
    ["# Query plans of the benchmarked pages", "", ...plans].join("\n"),
  );
  console.log(md);
}

main();
