// `npm run bench` (issues 7, 20): builds the 100,000-mailbox database, serves the production build,
// load-tests the pages signed in as a Delegated Mailbox Approver (interleaved rounds against the
// baseline, and one user alone), times their SQL, a bulk approve and audit verification, and writes
// bench/results/latest.{json,md}.
//   --mailboxes 1000000   the same pages on 1,000,000 mailboxes and 5,000,000 audit events: the
//                         report's `scale` section (the other measures stay the 100,000 run's)
//   --rounds 3 --pairs 3 --slice 40   interleaved rounds per page, each of `pairs` × (baseline, page)
//                         slices of `slice` requests
//   --pages mailboxes,pending   only these pages (with --pages-only, while iterating)
//   --pages-only          only the pages and their SQL (data/bench/pages-raw.json): the database is
//                         left as it was, so --reuse-dataset runs before and after a change compare
//   --reuse-dataset       keep the database of the previous run of the same size (iterating on pages)
//   --profile             CPU-profile the server while it serves the grid (data/bench/profile-*.json)
//   --job-load-only       only the grid idle vs during a 100,000-row job (issue 12)
//   --db postgres         the same measures on PostgreSQL (issue 19; bench/postgres.mjs): the dataset copied
//                         into a throw-away cluster, each page also head to head with SQLite, two app
//                         servers against one; bench/results/postgresql.{json,md}. With --pages-only,
//                         the pages alone
//   --api-only            only the REST API (issue 15): its mailbox pages beside the grid's first page,
//                         then 10,000 approved through it (data/bench/pages-raw.json); changes the database
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { API_PAGE_KEYS, apiPages, approveThroughApi } from "../bench/api.mjs";
import { checkPage, firstLoadJs, loadTest, peakRssMb, signIn, stopServer } from "../bench/http.mjs";
import { measureGridDuringJob } from "../bench/job-load.mjs";
import { cpuSeconds, interleaved, pool, singleUser } from "../bench/rounds.mjs";
import { ensureBuild, freePort, root, TSX } from "./lib.mjs";

const started = Date.now();
const { values: args } = parseArgs({
  options: {
    mailboxes: { type: "string", default: "100000" },
    rounds: { type: "string", default: "3" },
    pairs: { type: "string", default: "3" },
    slice: { type: "string", default: "40" },
    pages: { type: "string" },
    "pages-only": { type: "boolean", default: false },
    "reuse-dataset": { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    "job-load-only": { type: "boolean", default: false },
    // The REST API only (issue 15): its mailbox pages beside the grid's, and 10,000 approved through it.
    "api-only": { type: "boolean", default: false },
    db: { type: "string", default: "sqlite" },
  },
});
const MAILBOXES = Number(args.mailboxes);
const FULL_SIZE = 100_000;
// The other measures (bulk, Test & Enable, Verify, the job under load) are the 100,000 run's.
const isScale = MAILBOXES !== FULL_SIZE;
const AUDIT_EVENTS = Math.max(1_000_000, 5 * MAILBOXES);
const isJobLoadOnly = args["job-load-only"];
const ROUNDS = { rounds: Number(args.rounds), pairs: Number(args.pairs), requests: Number(args.slice), warmupS: 1 };
const isPagesOnly = args["pages-only"];
const isApiOnly = args["api-only"];
if (!["sqlite", "postgres"].includes(args.db)) throw new Error(`--db ${args.db}: sqlite or postgres`);
if (args.db === "postgres" && (MAILBOXES !== FULL_SIZE || args.profile || args["job-load-only"] || isApiOnly))
  throw new Error("--db postgres measures the 100,000-mailbox run's pages and writes, no other option");
// Its own build folder, so the bench never disturbs the dev or test build.
process.env.NEXT_DIST_DIR ||= ".next-bench";
// Each size its own folder (as bench/bench-db.ts): a 1,000,000 run leaves the 100,000 database as it was.
const MAIN = path.join(root, "data", "bench");
const BENCH_DIR = isScale ? path.join(MAIN, `mailboxes-${MAILBOXES}`) : MAIN;
const BENCH_DB = path.join(BENCH_DIR, "mailgate-bench.db");
const work = (name) => path.join(BENCH_DIR, name);
const KEYS = work("keys.json");
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const step = (name) => console.log(`\n▶ ${name}  (+${elapsed()})`);

// Whether the previous run's database (its size and its audit keys) can serve this run.
const reusable = () => {
  if (!args["reuse-dataset"] || !fs.existsSync(KEYS) || !fs.existsSync(work("dataset.json"))) return false;
  const facts = JSON.parse(fs.readFileSync(work("dataset.json"), "utf8"));
  return facts.counts.mailboxes === MAILBOXES && facts.counts.audit_events >= AUDIT_EVENTS;
};
const isReused = reusable();
// The audit log's keys for this run (every step and the server inherit them), kept beside the
// database they sign; its checkpoints go to data/bench/audit-digests, reset with it.
const keys = isReused
  ? JSON.parse(fs.readFileSync(KEYS, "utf8"))
  : {
      MAILGATE_AUDIT_KEY: crypto.randomBytes(32).toString("base64url"),
      MAILGATE_AUDIT_SIGNING_KEY: crypto
        .generateKeyPairSync("ed25519")
        .privateKey.export({ format: "der", type: "pkcs8" })
        .toString("base64url"),
    };
Object.assign(process.env, keys, { BENCH_MAILBOXES: String(MAILBOXES), BENCH_AUDIT_EVENTS: String(AUDIT_EVENTS) });
delete process.env.MAILGATE_DIGEST_DIR;

/** Runs a bench/*.ts step with tsx against the bench database; throws (never exits) so the server is always stopped. */
function tsx(script, ...args) {
  const result = spawnSync("node", [...TSX, script, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_PATH: BENCH_DB },
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal})`);
}

async function waitUntilReady(base, server) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    try {
      if ((await fetch(`${base}/sign-in`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not answer within 60 s");
}

step(`production build (${process.env.NEXT_DIST_DIR})`);
ensureBuild({ diagnostics: true });
if (isReused) step("dataset: the previous run's (--reuse-dataset)");
else {
  step(`dataset: ${MAILBOXES.toLocaleString("en")} mailboxes, ${AUDIT_EVENTS.toLocaleString("en")} audit events`);
  fs.rmSync(KEYS, { force: true });
  tsx("bench/dataset.ts");
  fs.writeFileSync(KEYS, JSON.stringify(keys), { mode: 0o600 });
}
const facts = JSON.parse(fs.readFileSync(work("dataset.json"), "utf8"));
step("API token, and the 10,000 mailboxes it approves");
tsx("bench/api-token.ts", work("api-token.json"));
const apiToken = JSON.parse(fs.readFileSync(work("api-token.json"), "utf8"));

const envPath = `/environments/${facts.slug}`;
const PAGES = [
  {
    key: "baseline",
    name: "baseline (50 constant rows)",
    path: "/diagnostics/baseline",
    marker: 'aria-label="Baseline rows"',
  },
  {
    key: "mailboxes",
    name: "mailboxes: active, first page",
    path: `${envPath}/mailboxes`,
    marker: 'aria-label="Mailboxes"',
    reject: ["No mailboxes in this view"],
  },
  {
    key: "deep",
    name: `mailboxes: active, row ~${facts.deepRow.toLocaleString("en")}`,
    path: `${envPath}/mailboxes?after=${facts.deepCursor}`,
    marker: 'aria-label="Mailboxes"',
    expect: [">Previous<"],
    reject: ["No mailboxes in this view"],
  },
  {
    key: "search",
    name: `mailboxes: search "${facts.searchQuery}"`,
    path: `${envPath}/mailboxes?q=${encodeURIComponent(facts.searchQuery)}`,
    marker: 'aria-label="Mailboxes"',
    expect: [facts.searchQuery],
    reject: ["No mailboxes in this view"],
  },
  {
    key: "pending",
    name: "mailboxes: pending approval",
    path: `${envPath}/mailboxes?view=pending`,
    marker: 'aria-label="Mailboxes"',
    expect: ["Pending Approval"],
    reject: ["No mailboxes in this view"],
  },
  { key: "users", name: "environment users", path: `${envPath}/users`, marker: 'aria-label="Users"' },
  {
    key: "audit",
    name: `audit log: action=${facts.auditAction}`,
    path: `/audit?action=${facts.auditAction}`,
    marker: 'aria-label="Audit events"',
    expect: ["Open event "],
  },
  ...apiPages(facts, apiToken.secret),
];

const GRID_KEYS = ["mailboxes", "deep", "search", "pending"];
// At scale only the grid and the baseline it is judged against.
if (args.db === "postgres") {
  // The SQLite file is only read (copied, and served beside PostgreSQL's for the head-to-head), so
  // --reuse-dataset keeps it fit for the next run of either dialect.
  const { runPostgresBench } = await import("../bench/postgres.mjs");
  const pgPages = args.pages
    ? PAGES.filter((p) => p.key === "baseline" || args.pages.split(",").includes(p.key))
    : PAGES;
  await runPostgresBench({
    root,
    benchDb: BENCH_DB,
    work,
    facts,
    pages: pgPages,
    rounds: ROUNDS,
    apiToken,
    pagesOnly: isPagesOnly,
    reuse: isReused,
    step,
  });
  console.log(`\n✓ bench on PostgreSQL done in ${elapsed()}`);
  process.exit(0);
}
const asked = isApiOnly ? ["mailboxes", ...API_PAGE_KEYS] : (args.pages?.split(",") ?? (isScale ? GRID_KEYS : null));
const measured = asked ? PAGES.filter((p) => p.key === "baseline" || asked.includes(p.key)) : PAGES;

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
step(`server on ${base}`);
const PROFILES = work("profiles");
const server = spawn(
  "node",
  [
    // --profile: a hook that starts and stops the V8 profiler on SIGUSR2, so the profile holds only the load.
    ...(args.profile ? ["--import", "./bench/profiler.mjs"] : []),
    "scripts/server.mjs",
    "--hostname",
    "127.0.0.1",
    "--port",
    String(port),
  ],
  {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_PATH: BENCH_DB,
      AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      MAILGATE_DIAGNOSTICS: "1",
      MAILGATE_PROFILE_DIR: PROFILES,
      // Load tests send far more than a script may: the per-token limit is not what is measured.
      MAILGATE_API_RATE_LIMIT: "1000000",
    },
  },
);
// Even when this script dies, the server it started goes with it.
process.on("exit", () => server.kill("SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));

const raw = {
  pages: [],
  mailboxes: MAILBOXES,
  audit_events: facts.counts.audit_events,
  dataset_build_s: facts.dataset_build_s,
  dataset_reused: isReused,
  rounds: ROUNDS,
  machine: { cpus: os.cpus().length, node: process.version },
};
try {
  await waitUntilReady(base, server);
  const cookie = await signIn(base, "bench.approver@contoso.com", "Contoso-Demo-1");
  const jobLoad = () =>
    measureGridDuringJob({
      base,
      cookie,
      page: PAGES.find((p) => p.key === "mailboxes"),
      root,
      env: { ...process.env, DATABASE_PATH: BENCH_DB },
      dbFile: BENCH_DB,
    });
  if (args.profile) await profile(cookie);
  else if (isJobLoadOnly) {
    step("mailboxes grid: idle, then during a 100,000-row job");
    raw.job_load = await jobLoad();
  } else {
    await measurePages(cookie);
    if (isApiOnly) await approveWithApi();
    else if (!isScale && !isPagesOnly) {
      await measureTheRest();
      // Last: the job tests and enables 100,000 mailboxes, which the steps above must find untouched.
      step("mailboxes grid: idle, then during a 100,000-row job");
      raw.job_load = await jobLoad();
    }
  }
} finally {
  await stopServer(server);
}
if (args.profile) {
  step("profile summary");
  tsx("bench/profile-summary.ts", PROFILES);
  process.exit(0);
}
if (isJobLoadOnly) {
  fs.writeFileSync(work("job-load.json"), JSON.stringify(raw.job_load, null, 2));
  console.log(`\n✓ ${work("job-load.json")} written in ${elapsed()}`);
  process.exit(0);
}

/** Each page in interleaved rounds against the baseline, then one user alone; the baseline's own figures pool its rounds. */
async function measurePages(cookie) {
  const baseline = PAGES.find((p) => p.key === "baseline");
  step(
    `pages: ${ROUNDS.rounds} rounds of ${ROUNDS.pairs} × (${ROUNDS.requests} requests to the baseline, ${ROUNDS.requests} to the page) at 10 connections; then 1 connection × 200 requests`,
  );
  raw.load_average = { before: os.loadavg().map((n) => Math.round(n * 10) / 10) };
  const baselineRuns = [];
  let mailboxesHtml = "";
  for (const page of measured) {
    const html = await checkPage(base, cookie, page);
    if (page.key === "mailboxes") mailboxesHtml = html;
    if (page.key === "baseline") continue;
    const { baselines, ...figures } = await interleaved(base, cookie, page, baseline, {
      ...ROUNDS,
      serverPid: server.pid,
    });
    baselineRuns.push(...baselines);
    const single = await singleUser(base, cookie, page);
    raw.pages.push({ key: page.key, name: page.name, path: page.path, ...figures, ...single });
    console.log(
      `  ${page.name}: ${figures.rps} req/s (${figures.rounds.map((r) => r.rps).join(", ")}), ratio ${figures.ratio_median} [${figures.ratio_min}–${figures.ratio_max}], server CPU ${figures.cpu_ms_per_request} ms/request (ratio ${figures.cpu_ratio}), p95 ${figures.p95_ms} ms; one user p50 ${single.single_p50_ms} / p95 ${single.single_p95_ms} ms; ${(figures.bytes_per_response / 1024).toFixed(1)} KB; non-2xx ${figures.non2xx}, wrong body ${figures.mismatches}`,
    );
  }
  const single = await singleUser(base, cookie, baseline);
  const pooled = pool(baselineRuns);
  raw.pages.unshift({
    key: "baseline",
    name: baseline.name,
    path: baseline.path,
    ...pooled,
    baseline_rps: pooled.rps,
    ratio_median: 1,
    ratio_min: 1,
    ratio_max: 1,
    cpu_ratio: 1,
    rounds: baselineRuns.map((r) => ({ baseline_rps: r.rps, rps: r.rps, ratio: 1 })),
    ...single,
  });
  console.log(
    `  ${baseline.name}: ${pooled.rps} req/s over ${baselineRuns.length} slices, server CPU ${pooled.cpu_ms_per_request} ms/request; one user p50 ${single.single_p50_ms} / p95 ${single.single_p95_ms} ms`,
  );
  raw.load_average.after = os.loadavg().map((n) => Math.round(n * 10) / 10);
  const js = await firstLoadJs(base, mailboxesHtml);
  raw.first_load_js_gzip_bytes = js.bytes;
  raw.first_load_js_files = js.files;
  step("raw SQL time of each page's queries");
  // The Delegate picker, the tenant delegations page, the Pending view by Pending since and the
  // overview's pending-age chart have no page in the load test (bench/page-queries.ts): their SQL
  // is timed whenever every page is.
  const serviceOnly = asked ? [] : ["picker", "delegations", "pendingSince", "overview"];
  tsx("bench/sql-timings.ts", work("sql.json"), ...measured.map((p) => p.key), ...serviceOnly);
  raw.peak_rss_mb = peakRssMb(server.pid);
}

async function approveWithApi() {
  step("approve 10,000 through the REST API");
  Object.assign(raw, await approveThroughApi(base, facts, apiToken));
  console.log(`  ${raw.api_approve_10k_ms} ms (202 after ${raw.api_approve_accepted_ms} ms)`);
}

async function measureTheRest() {
  await approveWithApi();
  step("bulk approve 10,000: through the service, then the required writes alone (on a copy)");
  tsx("bench/bulk.ts", work("bulk.json"));
  tsx("bench/bulk-floor.ts", work("bulk-floor.json"));
  step("Test & Enable 10,000 (server-profile job)");
  tsx("bench/test-enable.ts", work("tande.json"));
  step("Verify the audit log: quick check and full walk");
  tsx("bench/audit-verify.ts", work("audit.json"));
  raw.peak_rss_mb = peakRssMb(server.pid);
}

/**
 * The server's CPU while it serves each grid view and the baseline under load: the profiler runs
 * only during the measured seconds (SIGUSR2 starts and stops it), one profile per page.
 */
async function profile(cookie) {
  fs.rmSync(PROFILES, { recursive: true, force: true });
  fs.mkdirSync(PROFILES, { recursive: true });
  const toggle = async (name) => {
    const marker = path.join(PROFILES, `${name}.cpuprofile`);
    server.kill("SIGUSR2");
    for (const deadline = Date.now() + 30_000; !fs.existsSync(marker) && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 100));
  };
  const profiled = PAGES.filter((p) => p.key === "baseline" || GRID_KEYS.includes(p.key));
  // A new server's CPU per request falls for a minute and more as V8 compiles the hot paths (the
  // baseline's from about 30 to 18–22 ms, session 19): the first page profiled paid for it, and the
  // grid read as 0.93 of the baseline instead of about 0.7. Every page is served first, twice round.
  step("profile: every page served first, while the server warms up");
  for (let round = 0; round < 2; round++)
    for (const page of profiled) await loadTest(base, cookie, page, { warmupS: 0, durationS: 5 });
  for (const page of profiled) {
    step(`profile: ${page.name}`);
    await checkPage(base, cookie, page);
    await loadTest(base, cookie, page, { warmupS: 2, durationS: 1 });
    fs.writeFileSync(path.join(PROFILES, "next-name"), page.key);
    server.kill("SIGUSR2");
    const cpuBefore = cpuSeconds(server.pid);
    const figures = await loadTest(base, cookie, page, { warmupS: 0, durationS: 10 });
    const cpu_ms_per_request = ((cpuSeconds(server.pid) - cpuBefore) * 1000) / figures.requests;
    await toggle(page.key);
    fs.writeFileSync(path.join(PROFILES, `${page.key}.json`), JSON.stringify({ ...figures, cpu_ms_per_request }));
    console.log(`  ${figures.rps} req/s, ${figures.requests} requests profiled`);
  }
}

raw.sql = JSON.parse(fs.readFileSync(work("sql.json"), "utf8"));
if (isPagesOnly || isApiOnly) {
  raw.run_s = Math.round((Date.now() - started) / 1000);
  fs.writeFileSync(work("pages-raw.json"), JSON.stringify(raw, null, 2));
  console.log(`\n✓ ${work("pages-raw.json")} written in ${elapsed()}`);
  process.exit(0);
}
if (!isScale) {
  Object.assign(raw, JSON.parse(fs.readFileSync(work("bulk.json"), "utf8")));
  Object.assign(raw, JSON.parse(fs.readFileSync(work("bulk-floor.json"), "utf8")));
  Object.assign(raw, JSON.parse(fs.readFileSync(work("tande.json"), "utf8")));
  Object.assign(raw, JSON.parse(fs.readFileSync(work("audit.json"), "utf8")));
}
raw.run_s = Math.round((Date.now() - started) / 1000);
// The 100,000 run and the latest run at another size are reported together (the `scale` section).
const RAW = path.join(MAIN, "raw.json");
const SCALE_RAW = path.join(MAIN, "scale-raw.json");
fs.writeFileSync(isScale ? SCALE_RAW : RAW, JSON.stringify(raw, null, 2));
step("report");
if (!fs.existsSync(RAW)) throw new Error(`no 100,000-mailbox run to report beside this one: run npm run bench first`);
tsx("bench/report.ts", RAW, ...(fs.existsSync(SCALE_RAW) ? [SCALE_RAW] : []));
console.log(`\n✓ bench done in ${elapsed()}`);
