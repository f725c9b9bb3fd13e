// The mailboxes grid's p95 idle, then while a 100,000-mailbox Test & Enable job runs in the same
// server (issue 12: pages must not starve; target: p95 during the job ≤ 2× idle). The job is queued
// by bench/job-load-start.ts and taken by the server's own runner, as after any start. In ROUNDS
// rounds, each idle then during its own job, judged on the median ratio: one round of each read
// anywhere from 1.66× to 2.5× on the same build.
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { TSX } from "../scripts/lib.mjs";
import { loadTest } from "./http.mjs";

const RATIO_TARGET = 2;
const ROUNDS = 3;

function queueJob(root, env) {
  const result = spawnSync("node", [...TSX, "bench/job-load-start.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`bench/job-load-start.ts failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1));
}

async function until(condition, timeoutMs, what) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const value = condition();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * `page`: the mailboxes grid as bench.mjs defines it; `dbFile`: the bench database the server uses.
 * The figures are the median round's, with every round's ratio beside them.
 */
export async function measureGridDuringJob(options) {
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`  round ${round} of ${ROUNDS}`);
    rounds.push(await oneRound(options));
  }
  const ratios = rounds.map((r) => r.grid_p95_ratio).sort((a, b) => a - b);
  const median = rounds.find((r) => r.grid_p95_ratio === ratios[Math.floor(ROUNDS / 2)]);
  return {
    ...median,
    grid_p95_ratio_min: ratios[0],
    grid_p95_ratio_max: ratios.at(-1),
    rounds: rounds.map((r) => ({
      idle_p95_ms: r.grid_idle.p95_ms,
      during_p95_ms: r.grid_during_job.p95_ms,
      ratio: r.grid_p95_ratio,
    })),
  };
}

async function oneRound({ base, cookie, page, root, env, dbFile }) {
  const idle = await loadTest(base, cookie, page);
  console.log(`  idle: ${idle.rps} req/s, p95 ${idle.p95_ms} ms`);
  const { jobId, total } = queueJob(root, env);
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const job = () => db.prepare("select status, done from bulk_jobs where id = ?").get(jobId);
  try {
    const queuedAt = Date.now();
    await until(() => job().done > 0, 30_000, "the server to take the job");
    const taken_ms = Date.now() - queuedAt;
    const before = job().done;
    const started = Date.now();
    const during = await loadTest(base, cookie, page);
    const after = job();
    const rowsPerS = Math.round(((after.done - before) / (Date.now() - started)) * 1000);
    if (after.status !== "running")
      throw new Error(`the job ended (${after.status}) before the measurement did: make it longer`);
    console.log(
      `  during the job: ${during.rps} req/s, p95 ${during.p95_ms} ms; the job did ${rowsPerS} rows/s meanwhile (${after.done}/${total})`,
    );
    const ended = await until(
      () => (["running", "queued"].includes(job().status) ? null : job()),
      300_000,
      "the job to end",
    );
    const job_100k_s = Math.round((Date.now() - queuedAt) / 100) / 10;
    console.log(
      `  the job ended ${ended.status} after ${job_100k_s} s (taken by the server's runner in ${taken_ms} ms)`,
    );
    return {
      grid_idle: idle,
      grid_during_job: during,
      grid_p95_ratio: Math.round((during.p95_ms / idle.p95_ms) * 100) / 100,
      grid_p95_ratio_target: RATIO_TARGET,
      job_100k_rows_per_s_under_load: rowsPerS,
      job_100k_s,
      job_100k_status: ended.status,
    };
  } finally {
    db.close();
  }
}
