// The report of `npm run bench -- --db postgres`: bench/results/postgresql.json (SQLite's figures
// beside a `postgresql` section) and postgresql.md. The pages' SQLite figures are the same run's
// (head to head on the file PostgreSQL was copied from); the writes' are the last SQLite run's
// (bench/results/latest.json), which changes its database and so cannot share this run's.
import fs from "node:fs";
import path from "node:path";

const fmt = (n, digits = 1) => (n === undefined || n === null ? "–" : Number(n).toFixed(digits));
const pct = (n) => `${Math.round(n * 100)}%`;

export function writePostgresReport(root, pgRaw, facts) {
  const dir = path.join(root, "bench", "results");
  const latest = path.join(dir, "latest.json");
  const sqliteRun = fs.existsSync(latest) ? JSON.parse(fs.readFileSync(latest, "utf8")) : null;
  const writeKeys = [
    "bulk_approve_10k_ms",
    "bulk_approve_10k_one_transaction_ms",
    "bulk_approve_set_based_ms",
    "api_approve_10k_ms",
    "test_enable_10k_s",
    "verify_incremental_ms",
    "verify_full_s",
    "audit_events",
    "peak_rss_mb",
  ];
  const sqlite = sqliteRun && {
    source: "bench/results/latest.json",
    load_average: sqliteRun.load_average,
    ...Object.fromEntries(writeKeys.map((k) => [k, sqliteRun[k]])),
    pages: sqliteRun.pages.map((p) => ({ key: p.key, rps: p.rps, ratio_median: p.ratio_median, sql_ms: p.sql_ms })),
  };
  const targets = [
    ...pgRaw.vs_sqlite.map((v) => ({
      target: `${v.name}: ≥ 1/1.5 of SQLite's req/s (median of head-to-head rounds)`,
      measured: `×${v.ratio_median} [${v.ratio_min}–${v.ratio_max}]`,
      met: v.ratio_median >= 1 / 1.5,
    })),
    ...(pgRaw.bulk_approve_10k_ms === undefined
      ? []
      : [
          {
            target: "bulk approve 10,000 ≤ 2 s (background job, as the UI runs it)",
            measured: `${pgRaw.bulk_approve_10k_ms} ms`,
            met: pgRaw.bulk_approve_10k_ms <= 2000,
          },
        ]),
  ];
  const report = {
    date: pgRaw.started_at,
    mailboxes: facts.counts.mailboxes,
    audit_events: facts.counts.audit_events,
    sqlite,
    postgresql: pgRaw,
    targets,
  };
  fs.writeFileSync(path.join(dir, "postgresql.json"), JSON.stringify(report, null, 2) + "\n");

  const la = pgRaw.load_average;
  const lines = [
    `## Benchmark on PostgreSQL: ${pgRaw.started_at.slice(0, 16).replace("T", " ")} UTC, ${pgRaw.machine.cpus} CPUs`,
    "",
    `${facts.counts.mailboxes.toLocaleString("en")} mailboxes, ${facts.counts.audit_events.toLocaleString("en")} audit events, copied from the SQLite bench file by \`npm run db:copy\` in ${pgRaw.copy_s} s${pgRaw.restore_s === undefined ? "" : ` (this run: restored from that copy's dump in ${pgRaw.restore_s} s)`} (then ANALYZE ${pgRaw.analyze_s} s; ${pgRaw.database_mb} MB). A throw-away cluster with fsync and synchronous_commit on. Load average (1, 5, 15 min): start ${la.start.join(", ")}; pages ${la.pages_before?.join(", ")} → ${la.pages_after?.join(", ")}${la.writes_before ? `; writes ${la.writes_before.join(", ")} → ${la.writes_after.join(", ")}` : ""}.`,
    "",
    "Head to head: each page from a server on PostgreSQL and from one on the SQLite file it was copied from, in interleaved rounds (same slices as against the baseline); CPU per request counts the PostgreSQL server and the cluster's processes, or the SQLite server.",
    "",
    "| page | SQLite req/s | PostgreSQL req/s | PostgreSQL / SQLite (median [min–max]) | CPU ms/request SQLite → PostgreSQL | PostgreSQL vs its baseline | 1 user p50 / p95 ms (PostgreSQL) | SQL ms a call (PostgreSQL) |",
    "| - | -: | -: | -: | -: | -: | -: | -: |",
    ...pgRaw.vs_sqlite.map((v) => {
      const p = pgRaw.pages.find((x) => x.key === v.key) ?? {};
      return `| ${v.name} | ${fmt(v.sqlite_rps)} | ${fmt(v.postgresql_rps)} | ×${v.ratio_median} [${v.ratio_min}–${v.ratio_max}] ${v.ratio_median >= 1 / 1.5 ? "✅" : "❌"} | ${fmt(v.sqlite_cpu_ms)} → ${fmt(v.postgresql_cpu_ms)} | ${pct(p.ratio_median ?? 1)} [${pct(p.ratio_min ?? 1)}–${pct(p.ratio_max ?? 1)}] | ${fmt(p.single_p50_ms)} / ${fmt(p.single_p95_ms)} | ${fmt(pgRaw.sql?.sql_ms?.[v.key], 2)} |`;
    }),
    "",
    "Two app servers on one PostgreSQL database against one, the grid's pages (the same requests: 10 connections to one server, or 5 to each of two at once):",
    "",
    "| page | one server req/s | two servers req/s | two / one (median [min–max]) |",
    "| - | -: | -: | -: |",
    ...pgRaw.two_servers.map(
      (t) =>
        `| ${t.name} | ${fmt(t.one_server_rps)} | ${fmt(t.two_servers_rps)} | ×${t.ratio_median} [${t.ratio_min}–${t.ratio_max}] |`,
    ),
    "",
  ];
  if (pgRaw.bulk_approve_10k_ms !== undefined) {
    const s = sqlite ?? {};
    const row = (what, a, b) => `| ${what} | ${a} | ${b} |`;
    lines.push(
      `Writes (SQLite: ${sqlite ? `the last SQLite run, bench/results/latest.json, load ${sqlite.load_average?.before?.join(", ")}` : "no SQLite run to compare"}):`,
      "",
      "| measure | SQLite | PostgreSQL |",
      "| - | -: | -: |",
      row(
        "bulk approve 10,000 (background job, as the UI runs it)",
        `${fmt(s.bulk_approve_10k_ms)} ms`,
        `${fmt(pgRaw.bulk_approve_10k_ms)} ms ${pgRaw.bulk_approve_10k_ms <= 2000 ? "✅" : "❌"} (≤ 2 s)`,
      ),
      row(
        "bulk approve 10,000 others in one transaction",
        `${fmt(s.bulk_approve_10k_one_transaction_ms)} ms`,
        `${fmt(pgRaw.bulk_approve_10k_one_transaction_ms)} ms`,
      ),
      row(
        "set-based UPDATE of the same rows (rolled back)",
        `${fmt(s.bulk_approve_set_based_ms)} ms`,
        `${fmt(pgRaw.bulk_approve_set_based_ms)} ms`,
      ),
      row(
        "approve 10,000 through the REST API",
        `${fmt(s.api_approve_10k_ms)} ms`,
        `${fmt(pgRaw.api_approve_10k_ms)} ms`,
      ),
      row(
        "Test & Enable 10,000 (server-profile job)",
        `${fmt(s.test_enable_10k_s)} s`,
        `${fmt(pgRaw.test_enable_10k_s)} s`,
      ),
      row(
        "Verify, quick check (500 events after the newest checkpoint)",
        `${fmt(s.verify_incremental_ms)} ms`,
        `${fmt(pgRaw.verify_incremental_ms)} ms`,
      ),
      row(
        `Verify, full walk`,
        `${fmt(s.verify_full_s)} s (${s.audit_events?.toLocaleString("en")} events)`,
        `${fmt(pgRaw.verify_full_s)} s (${pgRaw.audit_events?.toLocaleString("en")} events)`,
      ),
      row("peak server RSS", `${fmt(s.peak_rss_mb)} MB`, `${fmt(pgRaw.peak_rss_mb)} MB`),
      "",
    );
  }
  lines.push(
    "PostgreSQL's heaviest statements while the pages were measured (pg_stat_statements, by total time):",
    "",
    "| calls | total ms | mean ms | statement |",
    "| -: | -: | -: | - |",
    ...pgRaw.top_statements
      .slice(0, 10)
      .map((s) => `| ${s.calls} | ${s.total_ms} | ${s.mean_ms} | \`${s.query.slice(0, 160).replace(/\|/g, "\\|")}\` |`),
    "",
    `Whole run ${pgRaw.run_s} s.`,
    "",
  );
  fs.writeFileSync(path.join(dir, "postgresql.md"), lines.join("\n"));
  console.log(lines.join("\n"));
  console.log(`\n✓ ${path.join(dir, "postgresql.{json,md}")} written`);
}
