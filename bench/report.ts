// Turns one run's measurements into bench/results/latest.json (one fixed shape, so runs compare),
// latest.md and query-plans.md, and prints the table.
// Usage: tsx bench/report.ts <raw.json> [scale-raw.json]: the second, a run at another size (the `scale` section).
import fs from "node:fs";
import path from "node:path";
import { PICKER_QUERY } from "./page-queries";
import { GRID_KEYS, pct, scaleTargets, spread, targetsOf, type JobLoad, type Raw } from "./report-targets";
import type { SqlTimings } from "./sql-timings";

const RESULTS = path.resolve("bench", "results");
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
      `${j.grid_idle.p95_ms} / ${j.grid_during_job.p95_ms} ms (×${j.grid_p95_ratio}${spread(j)}); ${j.grid_idle.rps} / ${j.grid_during_job.rps} req/s`,
    ]),
    row([
      "that job: rows/s while the grid was loaded; whole job",
      `${j.job_100k_rows_per_s_under_load.toLocaleString("en")} rows/s; ${j.job_100k_s} s (${j.job_100k_status})`,
    ]),
  ];
}

/** One page's figures as latest.json keeps them: the keys of earlier runs, then issue 20's. */
function pageFigures(raw: Raw) {
  return raw.pages.map((p) => ({
    key: p.key,
    name: p.name,
    rps: p.rps,
    p50_ms: p.p50_ms,
    p95_ms: p.p95_ms,
    p99_ms: p.p99_ms,
    ratio_to_baseline: p.ratio_median,
    sql_ms: raw.sql.sql_ms[p.key] ?? null,
    ratio_median: p.ratio_median,
    ratio_min: p.ratio_min,
    ratio_max: p.ratio_max,
    single_p50_ms: p.single_p50_ms,
    single_p95_ms: p.single_p95_ms,
    kb_per_response: Math.round((p.bytes_per_response / 1024) * 10) / 10,
    cpu_ms_per_request: p.cpu_ms_per_request ?? null,
    cpu_ratio: p.cpu_ratio ?? null,
    baseline_rps: p.baseline_rps,
    rounds: p.rounds,
  }));
}
type Figures = ReturnType<typeof pageFigures>[number];

function pageTable(pages: Figures[]): string[] {
  return [
    row([
      "#",
      "page",
      "req/s",
      "vs baseline (median [min–max])",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "1 user p50 / p95 ms",
      "SQL ms",
      "KB/response",
    ]),
    row(["-", "-", "-:", "-:", "-:", "-:", "-:", "-:", "-:", "-:"]),
    ...pages.map((p, i) =>
      row([
        i,
        p.name,
        p.rps,
        `${pct(p.ratio_median)} [${pct(p.ratio_min)}–${pct(p.ratio_max)}]`,
        p.p50_ms,
        p.p95_ms,
        p.p99_ms,
        `${p.single_p50_ms} / ${p.single_p95_ms}`,
        p.sql_ms,
        p.kb_per_response.toFixed(1),
      ]),
    ),
  ];
}

/** The grid at the larger size beside its 100,000 figures. */
function scaleSection(raw: Raw, scale: Raw) {
  const pages = pageFigures(scale).map((p) => {
    const at = raw.pages.find((q) => q.key === p.key);
    return {
      ...p,
      ratio_median_100k: at?.ratio_median ?? null,
      vs_100k: at ? Math.round((p.ratio_median / at.ratio_median) * 100) / 100 : null,
      single_p50_ms_100k: at?.single_p50_ms ?? null,
      sql_ms_100k: raw.sql.sql_ms[p.key] ?? null,
    };
  });
  return {
    mailboxes: scale.mailboxes,
    audit_events: scale.audit_events,
    dataset_build_s: scale.dataset_build_s,
    run_s: scale.run_s,
    pages,
    targets: scaleTargets(raw, scale),
  };
}

/** The floor under bulk approve (bench/bulk-floor.ts): the required writes alone, statement by statement. */
function floorRows(raw: Raw): string[] {
  const f = raw.bulk_approve_floor_ms;
  if (!f) return [];
  return [
    row([
      "the same writes alone for 10,000 others: one UPDATE, one audit INSERT, one notices INSERT, COMMIT (no application code)",
      `${f.total} ms (${f.update} + ${f.audit} + ${f.notices} + ${f.commit})`,
    ]),
  ];
}

function main() {
  const raw = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as Raw;
  const scaleRaw = process.argv[3] ? (JSON.parse(fs.readFileSync(process.argv[3], "utf8")) as Raw) : null;
  const pages = pageFigures(raw);
  const targets = targetsOf(raw);
  const scale = scaleRaw ? scaleSection(raw, scaleRaw) : null;
  const latest = {
    pages,
    bulk_approve_10k_ms: raw.bulk_approve_10k_ms,
    bulk_approve_set_based_ms: raw.bulk_approve_set_based_ms,
    bulk_approve_10k_one_transaction_ms: raw.bulk_approve_10k_one_transaction_ms,
    bulk_approve_precheck_ms: raw.bulk_approve_precheck_ms ?? null,
    bulk_approve_floor_ms: raw.bulk_approve_floor_ms ?? null,
    api_approve_10k_ms: raw.api_approve_10k_ms ?? null,
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
    mailboxes: raw.mailboxes,
    rounds: raw.rounds,
    load_average: raw.load_average ?? null,
    scale,
  };
  const { rounds, pairs, requests } = raw.rounds;
  const load = raw.load_average
    ? ` Load average (1, 5, 15 min) before the pages: ${raw.load_average.before.join(", ")}; after: ${raw.load_average.after.join(", ")}.`
    : "";

  const md = [
    `## Benchmark: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${raw.machine.cpus} CPUs, Node ${raw.machine.node}`,
    "",
    `${raw.mailboxes.toLocaleString("en")} mailboxes, ${raw.audit_events.toLocaleString("en")} audit events. Each page: ${rounds} rounds at 10 connections, each ${pairs} × (${requests} requests to the baseline, ${requests} to the page) after a warm-up; req/s is the median round's, the ratio to the baseline the median of the rounds' [min–max]; p50/p95/p99 pooled over the rounds. 1 user: one connection, 200 requests back to back.${load} Signed in as a Delegated Mailbox Approver with System Administrator. SQL ms: mean of the same service calls (the shell's included) in a separate process.`,
    "",
    ...pageTable(pages),
    "",
    ...(scale && scaleRaw
      ? [
          `### At ${scale.mailboxes.toLocaleString("en")} mailboxes, ${scale.audit_events.toLocaleString("en")} audit events (dataset built in ${scale.dataset_build_s} s; that run took ${scale.run_s} s)`,
          "",
          ...pageTable(scale.pages),
          "",
          row([
            "view",
            `vs baseline at ${raw.mailboxes.toLocaleString("en")}`,
            `at ${scale.mailboxes.toLocaleString("en")}`,
            "×",
          ]),
          row(["-", "-:", "-:", "-:"]),
          ...scale.pages
            .filter((p) => GRID_KEYS.includes(p.key))
            .map((p) => row([p.name, pct(p.ratio_median_100k ?? 0), pct(p.ratio_median), p.vs_100k])),
          "",
        ]
      : []),
    row(["measure", "value"]),
    row(["-", "-:"]),
    row([
      "bulk approve 10,000 (OK to done: the pre-check's snapshot claimed, the background job; synchronous = FULL)",
      `${raw.bulk_approve_10k_ms} ms`,
    ]),
    ...(raw.bulk_approve_precheck_ms === undefined
      ? []
      : [
          row([
            "the dialog's pre-check of those 10,000, before OK (with its snapshot)",
            `${raw.bulk_approve_precheck_ms} ms`,
          ]),
        ]),
    row([
      "bulk approve 10,000 other rows in one transaction (as runs under 1,000 go)",
      `${raw.bulk_approve_10k_one_transaction_ms} ms`,
    ]),
    row([
      "set-based UPDATE of the same rows",
      `${raw.bulk_approve_set_based_ms} ms (×${(raw.bulk_approve_10k_ms / raw.bulk_approve_set_based_ms).toFixed(1)})`,
    ]),
    ...floorRows(raw),
    ...(raw.api_approve_10k_ms === undefined
      ? []
      : [
          row([
            "approve 10,000 through the REST API (POST of the ids, 202, the job followed by GET to its end)",
            `${raw.api_approve_10k_ms} ms (202 after ${raw.api_approve_accepted_ms} ms)`,
          ]),
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
    row(["dataset build", `${raw.dataset_build_s} s${raw.dataset_reused ? " (reused from the run before)" : ""}`]),
    row(["whole run", `${raw.run_s} s`]),
    "",
    row(["target", "measured", "met"]),
    row(["-", "-", ":-:"]),
    ...[...targets, ...(scale?.targets ?? [])].map((t) => row([t.target, t.measured, mark(t.met)])),
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
