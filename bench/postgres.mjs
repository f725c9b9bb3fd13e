// `npm run bench -- --db postgres` (issue 19): the bench's 100,000-mailbox database copied into a
// throw-away PostgreSQL cluster (db/pg/copy.ts, as `npm run db:copy` moves an installation), then
// the same measures against a production server on DATABASE_URL: the pages against their baseline,
// each page head to head with a server on the SQLite file it was copied from, two app servers
// against one on the grid, bulk approve, Test & Enable and Verify. Writes bench/results/postgresql.{json,md}.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findPostgresBin, startCluster } from "../scripts/pg-cluster.mjs";
import { freePort, TSX } from "../scripts/lib.mjs";
import { approveThroughApi } from "./api.mjs";
import { checkPage, firstLoadJs, loadTest, peakRssMb, signIn, stopServer } from "./http.mjs";
import { interleaved, pool, singleUser } from "./rounds.mjs";
import { writePostgresReport } from "./report-postgres.mjs";

const GRID_KEYS = ["mailboxes", "deep", "search", "pending"];
const load = () => os.loadavg().map((n) => Math.round(n * 10) / 10);

/** A production server (scripts/server.mjs) on `env`'s database; resolves once it answers. */
async function startServer(root, env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn("node", ["scripts/server.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env,
  });
  process.on("exit", () => child.kill("SIGKILL"));
  for (const deadline = Date.now() + 90_000; ;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error("the server did not answer within 90 s");
    try {
      if ((await fetch(`${base}/sign-in`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, pid: child.pid, stop: () => stopServer(child) };
}

/** The postmaster's pid (first line of postmaster.pid): its backends are its children, so cpuSeconds counts them. */
const postmasterPid = (dataDir) => Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

/**
 * @param {object} options
 * @param {string} options.root  the work tree
 * @param {string} options.benchDb  the SQLite bench file (source of the copy)
 * @param {(name: string) => string} options.work  a path in the bench's folder
 * @param {object} options.facts  dataset.json
 * @param {object[]} options.pages  the pages to measure, the baseline first
 * @param {object} options.rounds  the interleaving
 * @param {object} options.apiToken  bench/api-token.ts's token and ids
 * @param {boolean} options.pagesOnly  only the pages (no bulk, Test & Enable, Verify)
 * @param {boolean} options.reuse  restore the previous run's copy of this dataset when there is one
 * @param {(name: string) => void} options.step
 */
export async function runPostgresBench(options) {
  const { root, benchDb, work, facts, rounds, pagesOnly, reuse, step } = options;
  let { pages, apiToken } = options;
  const bin = findPostgresBin();
  // Ctrl-C or a kill ends the run through "exit", whose handlers stop the servers and the cluster
  // (registered first, so it runs before the cluster's own handler re-raises the signal).
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));
  const started = Date.now();
  const raw = {
    started_at: new Date().toISOString(),
    load_average: { start: load() },
    machine: { cpus: os.cpus().length },
  };
  step("PostgreSQL: a throw-away cluster (durable: fsync and synchronous_commit on, as SQLite's synchronous = FULL)");
  const cluster = await startCluster({
    settings: [
      "fsync=on",
      "synchronous_commit=on",
      "full_page_writes=on",
      "shared_preload_libraries=pg_stat_statements",
      "shared_buffers=256MB",
    ],
  });
  const servers = [];
  let client;
  try {
    const digests = work("pg-audit-digests");
    // The copy reproduces the chain byte for byte, so the source's signed checkpoints hold for it
    // (db/pg/copy.ts checks that they do): moved with the database, as an operator moving it would.
    // A restored copy starts with none: the SQLite file's folder has gone on since the dump (each
    // run's API token is an audit event, checkpointed), and the copy was held against the
    // checkpoints of its moment when it was made; its own writers seal its checkpoints from here.
    const copyDigests = (from) => {
      fs.rmSync(digests, { recursive: true, force: true });
      if (from && fs.existsSync(from)) fs.cpSync(from, digests, { recursive: true });
    };
    const pgEnv = { ...process.env, DATABASE_URL: cluster.url, MAILGATE_DIGEST_DIR: digests };
    delete pgEnv.DATABASE_PATH;
    const tsx = (script, ...args) => {
      const result = spawnSync("node", [...TSX, script, ...args], { cwd: root, stdio: "inherit", env: pgEnv });
      if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal})`);
    };

    // --reuse-dataset: the copy a previous run made of this same dataset, restored from its dump
    // (pg_restore: the data first, then the indexes and triggers, so no trigger re-checks the chain
    // the copy verified), with the API token that run made (it is in both databases).
    const dump = work("pg-copy.dump");
    const dumpFacts = work("pg-copy.json");
    const datasetStamp = fs.statSync(work("dataset.json")).mtimeMs;
    const saved = fs.existsSync(dumpFacts) ? JSON.parse(fs.readFileSync(dumpFacts, "utf8")) : null;
    if (reuse && saved?.datasetStamp === datasetStamp && fs.existsSync(dump)) {
      step("PostgreSQL: restore the previous run's copy of this dataset (pg_restore), then ANALYZE");
      const restoreStarted = performance.now();
      const restore = spawnSync(path.join(bin, "pg_restore"), ["--no-owner", "-d", cluster.url, dump], {
        stdio: "inherit",
      });
      if (restore.status !== 0) throw new Error(`pg_restore failed (exit ${restore.status})`);
      copyDigests(null);
      // A copy dumped before a later migration gets it now, as an installation would at its next start.
      tsx("db/cli/prepare.ts");
      raw.copy_s = saved.copy_s;
      raw.restore_s = Math.round((performance.now() - restoreStarted) / 100) / 10;
      apiToken = saved.apiToken;
      pages = pages.map((page) =>
        page.headers ? { ...page, headers: { authorization: `Bearer ${apiToken.secret}` } } : page,
      );
    } else {
      step("PostgreSQL: copy the bench database (npm run db:copy), then ANALYZE");
      copyDigests(work("audit-digests"));
      const copyStarted = performance.now();
      const copy = spawnSync("node", [...TSX, "db/cli/copy-to-postgres.ts", "--to", cluster.url], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, DATABASE_PATH: benchDb, DATABASE_URL: "" },
      });
      if (copy.status !== 0) throw new Error(`db:copy failed (exit ${copy.status})`);
      raw.copy_s = Math.round((performance.now() - copyStarted) / 100) / 10;
      const dumped = spawnSync(path.join(bin, "pg_dump"), ["-Fc", "-Z", "1", "-f", dump, cluster.url], {
        stdio: "inherit",
      });
      if (dumped.status === 0)
        fs.writeFileSync(dumpFacts, JSON.stringify({ datasetStamp, copy_s: raw.copy_s, apiToken }), { mode: 0o600 });
    }
    client = new pg.Client({ connectionString: cluster.url });
    // The cluster stops in `finally` whatever failed: its connection's end is no error then.
    client.on("error", () => {});
    await client.connect();
    const analyzeStarted = performance.now();
    await client.query("analyze");
    raw.analyze_s = Math.round((performance.now() - analyzeStarted) / 100) / 10;
    await client.query("create extension if not exists pg_stat_statements");
    raw.database_mb = Number(
      (await client.query("select pg_database_size(current_database()) / 1048576 as mb")).rows[0].mb,
    );
    console.log(`  copied in ${raw.copy_s} s, ANALYZE ${raw.analyze_s} s, ${raw.database_mb} MB`);

    const secret = crypto.randomBytes(32).toString("base64url");
    const serverEnv = {
      AUTH_SECRET: secret,
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      MAILGATE_DIAGNOSTICS: "1",
      MAILGATE_API_RATE_LIMIT: "1000000",
    };
    step("servers: two on PostgreSQL, one on the SQLite file it was copied from");
    const [a, b, s] = await Promise.all([
      startServer(root, { ...pgEnv, ...serverEnv }),
      startServer(root, { ...pgEnv, ...serverEnv }),
      startServer(root, { ...process.env, ...serverEnv, DATABASE_PATH: benchDb, DATABASE_URL: "" }),
    ]);
    servers.push(a, b, s);
    const pgPids = [a.pid, postmasterPid(cluster.dataDir)];
    // The two PostgreSQL servers share the secret and the sessions table: one sign-in serves both.
    const cookie = await signIn(a.base, "bench.approver@contoso.com", "Contoso-Demo-1");
    const sqliteCookie = await signIn(s.base, "bench.approver@contoso.com", "Contoso-Demo-1");
    await client.query("select pg_stat_statements_reset()");

    step("pages on PostgreSQL: against their baseline, then head to head with SQLite, then one user");
    raw.load_average.pages_before = load();
    const baseline = pages[0];
    raw.pages = [];
    raw.vs_sqlite = [];
    const baselineRuns = [];
    let mailboxesHtml = "";
    const at = (server, page, pageCookie) => ({
      ...page,
      path: server.base + page.path,
      headers: page.headers ?? { cookie: pageCookie },
    });
    for (const page of pages) {
      const html = await checkPage(a.base, cookie, page);
      await checkPage(s.base, sqliteCookie, page);
      if (page.key === "mailboxes") mailboxesHtml = html;
      if (page.key !== "baseline") {
        const { baselines, ...figures } = await interleaved(a.base, cookie, page, baseline, {
          ...rounds,
          serverPid: pgPids,
        });
        baselineRuns.push(...baselines);
        const single = await singleUser(a.base, cookie, page);
        raw.pages.push({ key: page.key, name: page.name, path: page.path, ...figures, ...single });
        console.log(
          `  ${page.name}: ${figures.rps} req/s, ${figures.ratio_median} of the baseline [${figures.ratio_min}–${figures.ratio_max}], CPU ${figures.cpu_ms_per_request} ms/request (server + cluster); one user p50 ${single.single_p50_ms} / p95 ${single.single_p95_ms} ms`,
        );
      }
      // Head to head: the page on PostgreSQL against the same page on SQLite, interleaved.
      const { baselines: sqliteSlices, ...h2h } = await interleaved(
        "",
        null,
        at(a, page, cookie),
        at(s, page, sqliteCookie),
        {
          ...rounds,
          serverPid: pgPids,
          baselinePid: s.pid,
        },
      );
      const sqlitePooled = pool(sqliteSlices);
      const versus = {
        key: page.key,
        name: page.name,
        postgresql_rps: h2h.rps,
        sqlite_rps: h2h.baseline_rps,
        ratio_median: h2h.ratio_median,
        ratio_min: h2h.ratio_min,
        ratio_max: h2h.ratio_max,
        postgresql_cpu_ms: h2h.cpu_ms_per_request,
        sqlite_cpu_ms: sqlitePooled.cpu_ms_per_request,
        postgresql_p95_ms: h2h.p95_ms,
        sqlite_p95_ms: sqlitePooled.p95_ms,
        rounds: h2h.rounds,
      };
      raw.vs_sqlite.push(versus);
      console.log(
        `  ${page.name}: PostgreSQL ${versus.postgresql_rps} req/s vs SQLite ${versus.sqlite_rps} (×${versus.ratio_median} [${versus.ratio_min}–${versus.ratio_max}]); CPU ${versus.postgresql_cpu_ms} vs ${versus.sqlite_cpu_ms} ms/request`,
      );
    }
    const pooled = pool(baselineRuns);
    raw.pages.unshift({
      key: "baseline",
      name: baseline.name,
      path: baseline.path,
      ...pooled,
      ratio_median: 1,
      ratio_min: 1,
      ratio_max: 1,
      cpu_ratio: 1,
      ...(await singleUser(a.base, cookie, baseline)),
    });
    raw.load_average.pages_after = load();
    raw.first_load_js_gzip_bytes = (await firstLoadJs(a.base, mailboxesHtml)).bytes;
    raw.top_statements = (
      await client.query(
        `select calls, round(total_exec_time::numeric, 1)::float as total_ms, round(mean_exec_time::numeric, 3)::float as mean_ms,
                rows, shared_blks_hit + shared_blks_read as blocks, left(regexp_replace(query, '\\s+', ' ', 'g'), 400) as query
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
         order by total_exec_time desc limit 25`,
      )
    ).rows;
    await s.stop();

    step("grid: two app servers on one database against one (the load split across both)");
    raw.two_servers = [];
    for (const page of pages.filter((p) => GRID_KEYS.includes(p.key)))
      raw.two_servers.push(await oneVsTwo(a, b, cookie, page, rounds));
    await b.stop();

    step("SQL of each page on PostgreSQL: per call, and every statement under EXPLAIN ANALYZE");
    try {
      tsx("bench/pg-sql.ts", work("pg-sql.json"), ...pages.map((p) => p.key).filter((k) => !k.startsWith("api-")));
      raw.sql = JSON.parse(fs.readFileSync(work("pg-sql.json"), "utf8"));
    } catch (error) {
      console.error(`  ✗ ${error instanceof Error ? error.message : error}`);
    }
    raw.peak_rss_mb = peakRssMb(a.pid);

    if (!pagesOnly) {
      raw.load_average.writes_before = load();
      // A step that fails is reported as failed; the others and the report still run.
      raw.failed = [];
      const attempt = async (name, run) => {
        step(name);
        try {
          await run();
        } catch (error) {
          console.error(`  ✗ ${name}: ${error instanceof Error ? error.message : error}`);
          raw.failed.push(name);
        }
      };
      const fromFile = (name) => Object.assign(raw, JSON.parse(fs.readFileSync(work(name), "utf8")));
      await attempt("approve 10,000 through the REST API (PostgreSQL)", async () => {
        Object.assign(raw, await approveThroughApi(a.base, facts, apiToken));
        console.log(`  ${raw.api_approve_10k_ms} ms (202 after ${raw.api_approve_accepted_ms} ms)`);
      });
      await attempt("bulk approve 10,000 through the service (PostgreSQL)", () => {
        tsx("bench/bulk.ts", work("pg-bulk.json"));
        fromFile("pg-bulk.json");
      });
      await attempt("Test & Enable 10,000 (PostgreSQL)", () => {
        tsx("bench/test-enable.ts", work("pg-tande.json"));
        fromFile("pg-tande.json");
      });
      await attempt("Verify the audit log (PostgreSQL): quick check and full walk", () => {
        tsx("bench/audit-verify.ts", work("pg-audit.json"));
        fromFile("pg-audit.json");
      });
      raw.peak_rss_mb = peakRssMb(a.pid);
      raw.load_average.writes_after = load();
    }
    // The maintained counts (db/pg/migrations/0002) still say what COUNT(*) says after every write above.
    raw.counts_match = (
      await client.query(
        `select not exists (
           select environment_id, is_active, email_status, mailbox_status, count(*)::int from mailboxes group by 1, 2, 3, 4
           except select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts where n > 0
         ) and not exists (
           select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts where n > 0
           except select environment_id, is_active, email_status, mailbox_status, count(*)::int from mailboxes group by 1, 2, 3, 4
         ) as same`,
      )
    ).rows[0].same;
    console.log(`  the maintained counts ${raw.counts_match ? "match" : "do NOT match"} COUNT(*)`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await client?.end().catch(() => {});
    await cluster.stop();
  }
  raw.run_s = Math.round((Date.now() - started) / 1000);
  raw.load_average.end = load();
  writePostgresReport(root, raw, facts);
}

/**
 * `rounds` rounds of `pairs` × (the page from one server at 10 connections, then from two servers at
 * 5 connections each, at once): the same requests, one server's req/s against two's.
 */
async function oneVsTwo(a, b, cookie, page, { rounds, pairs, requests }) {
  const slice = async (servers) => {
    const t0 = performance.now();
    const runs = await Promise.all(
      servers.map((server) =>
        loadTest(server.base, cookie, page, {
          connections: 10 / servers.length,
          amount: (2 * requests) / servers.length,
        }),
      ),
    );
    const bad = runs.reduce((n, r) => n + r.non2xx + r.mismatches + r.errors, 0);
    if (bad) throw new Error(`${page.path}: ${bad} failed requests with ${servers.length} server(s)`);
    return { requests: runs.reduce((n, r) => n + r.requests, 0), seconds: (performance.now() - t0) / 1000 };
  };
  await loadTest(a.base, cookie, page, { warmupS: 1, durationS: 0.5 });
  await loadTest(b.base, cookie, page, { warmupS: 1, durationS: 0.5 });
  const each = [];
  for (let r = 0; r < rounds; r++) {
    const one = [];
    const two = [];
    for (let i = 0; i < pairs; i++) {
      one.push(await slice([a]));
      two.push(await slice([a, b]));
    }
    const rps = (slices) => slices.reduce((n, s) => n + s.requests, 0) / slices.reduce((t, s) => t + s.seconds, 0);
    each.push({ one: rps(one), two: rps(two) });
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  const ratios = each.map((e) => e.two / e.one);
  const result = {
    key: page.key,
    name: page.name,
    one_server_rps: round(median(each.map((e) => e.one))),
    two_servers_rps: round(median(each.map((e) => e.two))),
    ratio_median: round(median(ratios), 2),
    ratio_min: round(Math.min(...ratios), 2),
    ratio_max: round(Math.max(...ratios), 2),
  };
  console.log(
    `  ${page.name}: one server ${result.one_server_rps} req/s, two ${result.two_servers_rps} (×${result.ratio_median} [${result.ratio_min}–${result.ratio_max}])`,
  );
  return result;
}
