// The shape of one bench run (scripts/bench.mjs writes it) and the targets it is judged by.
import type { PageKey } from "./page-queries";
import type { SqlTimings } from "./sql-timings";

export type MeasuredPage = {
  key: PageKey;
  name: string;
  path: string;
  /** The median round's req/s at 10 connections (bench/rounds.mjs); latencies pooled over the rounds. */
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** req/s over the baseline's in the same round: median, min and max over the rounds. */
  ratio_median: number;
  ratio_min: number;
  ratio_max: number;
  baseline_rps: number;
  rounds: { baseline_rps: number; rps: number; ratio: number }[];
  /** One connection, 200 requests back to back. */
  single_p50_ms: number;
  single_p95_ms: number;
  /** The server's CPU per request (/proc), and the baseline's over the page's in the same slices. */
  cpu_ms_per_request?: number;
  cpu_ratio?: number;
  requests: number;
  non2xx: number;
  mismatches: number;
  errors: number;
  timeouts: number;
  bytes_per_response: number;
};
/** bench/job-load.mjs: the mailboxes grid idle, then while a 100,000-row job runs in the server. */
export type JobLoad = {
  grid_idle: { p95_ms: number; rps: number };
  grid_during_job: { p95_ms: number; rps: number };
  /** The median round's ratio (bench/job-load.mjs), judged against the target; the rounds' spread beside it. */
  grid_p95_ratio: number;
  grid_p95_ratio_min?: number;
  grid_p95_ratio_max?: number;
  grid_p95_ratio_target: number;
  job_100k_rows_per_s_under_load: number;
  job_100k_s: number;
  job_100k_status: string;
};
export type Raw = {
  pages: MeasuredPage[];
  mailboxes: number;
  audit_events: number;
  rounds: { rounds: number; pairs: number; requests: number; warmupS: number };
  /** os.loadavg() before and after the pages were measured: how busy the shared machine was. */
  load_average?: { before: number[]; after: number[] };
  sql: SqlTimings;
  bulk_approve_10k_ms: number;
  bulk_approve_set_based_ms: number;
  bulk_approve_10k_one_transaction_ms: number;
  /** The dialog's pre-check of the same 10,000 (and its snapshot), before OK: not part of bulk_approve_10k_ms. */
  bulk_approve_precheck_ms?: number;
  /** bench/bulk-floor.ts: the same writes as set-based SQL with no application code, per statement and in total. */
  bulk_approve_floor_ms?: Record<"update" | "audit" | "notices" | "commit" | "total", number>;
  /** Through the REST API: POST of 10,000 ids, 202, the job followed by GET until it ended (bench/api.mjs). */
  api_approve_10k_ms?: number;
  api_approve_accepted_ms?: number;
  test_enable_10k_s: number;
  verify_incremental_ms: number;
  verify_incremental_rechecked: number;
  verify_full_s: number;
  first_load_js_gzip_bytes: number;
  first_load_js_files: number;
  peak_rss_mb: number;
  dataset_build_s: number;
  dataset_reused?: boolean;
  machine: { cpus: number; node: string };
  run_s: number;
  job_load?: JobLoad;
};
export type Target = { target: string; measured: string; met: boolean | null };

export const GRID_KEYS: PageKey[] = ["mailboxes", "deep", "search", "pending"];
const JS_LIMIT = 180 * 1024;
/** Issue 20's bar for every grid view at 100,000 mailboxes. */
const GRID = { ratio: 0.9, sqlMs: 2, kb: 80, singleP95Ms: 60, flat: 0.9 };

export const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const clean = (p: MeasuredPage) => p.non2xx === 0 && p.mismatches === 0 && p.errors === 0;
const dirt = (p: MeasuredPage) =>
  clean(p) ? "" : ` — ${p.non2xx} non-2xx, ${p.mismatches} wrong bodies, ${p.errors} errors`;

function gridTarget(p: MeasuredPage, sqlMs: number): Target {
  return {
    target: `${p.name}: ≥ ${pct(GRID.ratio)} of baseline req/s (median), SQL ≤ ${GRID.sqlMs} ms, ≤ ${GRID.kb} KB, one user p95 ≤ ${GRID.singleP95Ms} ms`,
    measured: `${pct(p.ratio_median)} [${pct(p.ratio_min)}–${pct(p.ratio_max)}], SQL ${sqlMs} ms, ${kb(p.bytes_per_response)} KB, p95 ${p.single_p95_ms} ms${dirt(p)}`,
    met:
      clean(p) &&
      p.ratio_median >= GRID.ratio &&
      sqlMs <= GRID.sqlMs &&
      kb(p.bytes_per_response) <= GRID.kb &&
      p.single_p95_ms <= GRID.singleP95Ms,
  };
}

function pageTarget(p: MeasuredPage): Target {
  return {
    target: `${p.name}: ≥ 70% of baseline req/s (median) and p95 ≤ 150 ms`,
    measured: `${pct(p.ratio_median)} [${pct(p.ratio_min)}–${pct(p.ratio_max)}], p95 ${p.p95_ms} ms${dirt(p)}`,
    met: clean(p) && p.ratio_median >= 0.7 && p.p95_ms <= 150,
  };
}

/** Each grid view at the larger size against its own 100,000 figure: ratio to the baseline (median), and SQL. */
export function scaleTargets(raw: Raw, scale: Raw): Target[] {
  return scale.pages
    .filter((p) => GRID_KEYS.includes(p.key))
    .map((p) => {
      const at100k = raw.pages.find((q) => q.key === p.key)!;
      const flat = p.ratio_median / at100k.ratio_median;
      return {
        target: `${p.name} at ${scale.mailboxes.toLocaleString("en")} mailboxes: within 10% of its ${raw.mailboxes.toLocaleString("en")} figure`,
        measured: `${pct(p.ratio_median)} vs ${pct(at100k.ratio_median)} of baseline (×${flat.toFixed(2)}); one user p50 ${p.single_p50_ms} vs ${at100k.single_p50_ms} ms; SQL ${scale.sql.sql_ms[p.key]} vs ${raw.sql.sql_ms[p.key]} ms${dirt(p)}`,
        met: clean(p) && flat >= GRID.flat,
      };
    });
}

export function targetsOf(raw: Raw): Target[] {
  const byKey = new Map(raw.pages.map((p) => [p.key, p]));
  const pages = raw.pages
    .filter((p) => p.key !== "baseline")
    .map((p) => (GRID_KEYS.includes(p.key) ? gridTarget(p, raw.sql.sql_ms[p.key]) : pageTarget(p)));
  const first = byKey.get("mailboxes")!;
  const deep = byKey.get("deep")!;
  const deepRatio = deep.ratio_median / first.ratio_median;
  return [
    ...pages,
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

/** The rounds' min–max beside the median, when there were rounds. */
export const spread = (j: JobLoad) =>
  j.grid_p95_ratio_min === undefined ? "" : `, median of rounds [×${j.grid_p95_ratio_min}–×${j.grid_p95_ratio_max}]`;

function jobLoadTarget(j: JobLoad): Target {
  return {
    target: `mailboxes grid p95 while a 100,000-row job runs ≤ ${j.grid_p95_ratio_target}× idle`,
    measured: `${j.grid_idle.p95_ms} → ${j.grid_during_job.p95_ms} ms (×${j.grid_p95_ratio}${spread(j)})`,
    met: j.grid_p95_ratio <= j.grid_p95_ratio_target,
  };
}
