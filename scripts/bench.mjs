// `npm run bench` (issue 7): builds the 100,000-mailbox database, serves the production build,
// load-tests the pages signed in as a Delegated Mailbox Approver, times their SQL, a bulk approve
// and audit verification, and writes bench/results/latest.{json,md}.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { apiPages, approveThroughApi } from "../bench/api.mjs";
import { checkPage, firstLoadJs, loadTest, peakRssMb, signIn } from "../bench/http.mjs";
import { measureGridDuringJob } from "../bench/job-load.mjs";
import { ensureBuild, root } from "./lib.mjs";

const started = Date.now();
// `npm run bench -- --job-load-only`: only the grid idle vs during a 100,000-row job (issue 12), into data/bench/job-load.json.
const isJobLoadOnly = process.argv.includes("--job-load-only");
// `npm run bench -- --api-only`: only the REST API (issue 15): its mailbox pages beside the grid's
// first page, and 10,000 approved through it, into data/bench/api.json.
const isApiOnly = process.argv.includes("--api-only");
// Its own build folder, so the bench never disturbs the dev or test build.
process.env.NEXT_DIST_DIR ||= ".next-bench";
// The audit log's keys for this run (every step and the server inherit them); its checkpoints go
// to data/bench/audit-digests, beside the bench database, reset with it.
process.env.MAILGATE_AUDIT_KEY = crypto.randomBytes(32).toString("base64url");
process.env.MAILGATE_AUDIT_SIGNING_KEY = crypto
  .generateKeyPairSync("ed25519")
  .privateKey.export({ format: "der", type: "pkcs8" })
  .toString("base64url");
delete process.env.MAILGATE_DIGEST_DIR;
const BENCH_DB = path.join(root, "data", "bench", "mailgate-bench.db");
const work = (name) => path.join(root, "data", "bench", name);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const step = (name) => console.log(`\n▶ ${name}  (+${elapsed()})`);

/** Runs a bench/*.ts step with tsx against the bench database; throws (never exits) so the server is always stopped. */
function tsx(script, ...args) {
  const result = spawnSync("node", ["node_modules/tsx/dist/cli.mjs", script, ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_PATH: BENCH_DB },
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal})`);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });

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

async function stop(server) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

step(`production build (${process.env.NEXT_DIST_DIR})`);
ensureBuild();
step("dataset");
tsx("bench/dataset.ts");
const facts = JSON.parse(fs.readFileSync(work("dataset.json"), "utf8"));
step("API token and the mailboxes it approves");
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
];

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
step(`server on ${base}`);
const server = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
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
    // The load test sends far more than a script may: the per-token limit is not what is measured.
    MAILGATE_API_RATE_LIMIT: "1000000",
  },
});
// Even when this script dies, the server it started goes with it.
process.on("exit", () => server.kill("SIGKILL"));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));

const raw = {
  pages: [],
  dataset_build_s: facts.dataset_build_s,
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
  if (isJobLoadOnly) {
    step("mailboxes grid: idle, then during a 100,000-row job");
    raw.job_load = await jobLoad();
  } else if (isApiOnly) {
    await measureApi(cookie);
  } else {
    await measureEverything(cookie);
    // Last: the job tests and enables 100,000 mailboxes, which the steps above must find untouched.
    step("mailboxes grid: idle, then during a 100,000-row job");
    raw.job_load = await jobLoad();
  }
} finally {
  await stop(server);
}
if (isJobLoadOnly) {
  fs.writeFileSync(work("job-load.json"), JSON.stringify(raw.job_load, null, 2));
  console.log(`\n✓ ${work("job-load.json")} written in ${elapsed()}`);
  process.exit(0);
}
if (isApiOnly) {
  fs.writeFileSync(work("api.json"), JSON.stringify(raw, null, 2));
  for (const p of raw.pages) console.log(`  ${p.name}: ${p.rps} req/s, p95 ${p.p95_ms} ms, ${p.bytes_per_response} B`);
  console.log(
    `  approve 10,000 through the API: ${raw.api_approve_10k_ms} ms (202 after ${raw.api_approve_accepted_ms} ms)`,
  );
  console.log(`\n✓ ${work("api.json")} written in ${elapsed()}`);
  process.exit(0);
}

/** The grid's first page, then the API's pages, load-tested alike; then 10,000 approved through the API. */
async function measureApi(cookie) {
  step("pages: the grid's first page and the API's, 10 connections, 2 s warm-up, 10 s measured each");
  for (const page of [PAGES.find((p) => p.key === "mailboxes"), ...apiPages(facts, apiToken.secret)]) {
    await checkPage(base, cookie, page);
    raw.pages.push({ key: page.key, name: page.name, path: page.path, ...(await loadTest(base, cookie, page)) });
  }
  step("approve 10,000 through the API");
  Object.assign(raw, await approveThroughApi(base, facts, apiToken));
}

async function measureEverything(cookie) {
  step("pages: 10 connections, 2 s warm-up, 10 s measured each");
  let mailboxesHtml = "";
  for (const page of [...PAGES, ...apiPages(facts, apiToken.secret)]) {
    const html = await checkPage(base, cookie, page);
    if (page.key === "mailboxes") mailboxesHtml = html;
    const measured = await loadTest(base, cookie, page);
    raw.pages.push({ key: page.key, name: page.name, path: page.path, ...measured });
    console.log(
      `  ${page.name}: ${measured.rps} req/s, p50 ${measured.p50_ms} / p95 ${measured.p95_ms} / p99 ${measured.p99_ms} ms, non-2xx ${measured.non2xx}, wrong body ${measured.mismatches}`,
    );
  }
  const js = await firstLoadJs(base, mailboxesHtml);
  raw.first_load_js_gzip_bytes = js.bytes;
  raw.first_load_js_files = js.files;
  step("raw SQL time of each page's queries");
  tsx("bench/sql-timings.ts", work("sql.json"));
  step("approve 10,000 through the API");
  Object.assign(raw, await approveThroughApi(base, facts, apiToken));
  step("bulk approve 10,000");
  tsx("bench/bulk.ts", work("bulk.json"));
  step("Test & Enable 10,000 (server-profile job)");
  tsx("bench/test-enable.ts", work("tande.json"));
  step("Verify the audit log: quick check and full walk");
  tsx("bench/audit-verify.ts", work("audit.json"));
  raw.peak_rss_mb = peakRssMb(server.pid);
}
raw.sql = JSON.parse(fs.readFileSync(work("sql.json"), "utf8"));
Object.assign(raw, JSON.parse(fs.readFileSync(work("bulk.json"), "utf8")));
Object.assign(raw, JSON.parse(fs.readFileSync(work("tande.json"), "utf8")));
Object.assign(raw, JSON.parse(fs.readFileSync(work("audit.json"), "utf8")));
raw.run_s = Math.round((Date.now() - started) / 1000);
fs.writeFileSync(work("raw.json"), JSON.stringify(raw, null, 2));
step("report");
tsx("bench/report.ts", work("raw.json"));
console.log(`\n✓ bench done in ${elapsed()}`);
