import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { postCredentials } from "../security/raw-http";
import { DEMO_PASSWORD } from "../helpers";
import { databaseWithJobs, removeTempDirs, startServer, waitFor, watch } from "./server-processes";

// Two portal processes on one database file (issue 12): a job runs in one of them only (the
// lease), and sign-ins on the other, throttled and not, all get an answer and an audit event —
// no SQLITE_BUSY, no Auth.js "Configuration" error — while the job writes.

const MIN_ATTEMPTS_DURING_JOB = 40;
const MAX_ATTEMPTS = 240;
const CONCURRENCY = 8;
// Starts two servers: slow on a loaded 2-core machine; every wait inside is bounded.
test.setTimeout(180_000);

type Attempt = { outcome: string; duringJob: boolean };

/** One sign-in at the server; its outcome from where Auth.js redirects ("Configuration" is how a lost database write shows). */
async function attempt(url: string, n: number): Promise<string> {
  // Mostly wrong passwords for two accounts (they lock, then answer "throttled"), from changing addresses, and a right one now and then.
  const [email, password] =
    n % 5 === 0
      ? ["ava@contoso.com", DEMO_PASSWORD]
      : [n % 2 ? "bob@contoso.com" : "dana@contoso.com", "wrong password"];
  const { response } = await postCredentials(url, email, password, {
    headers: { "x-forwarded-for": `198.51.100.${n % 7}` },
  });
  if (response.status !== 302) return `HTTP ${response.status}`;
  const location = new URL(String(response.headers.location), url);
  if (location.pathname !== "/sign-in") return "signed-in";
  const code = location.searchParams.get("code");
  return code ? code.replace(/:\d+$/, "") : `error=${location.searchParams.get("error")}`;
}

/** Sets the jobs' lease as a process would (held until `expiresAt`), or clears it (null: free for any server). */
function holdJobs(file: string, jobIds: number[], lease: { owner: string | null; expiresAt: number | null }) {
  const writer = new Database(file);
  writer.pragma("busy_timeout = 5000");
  const update = writer.prepare("update bulk_jobs set lease_owner = ?, lease_expires_at = ? where id = ?");
  for (const id of jobIds) update.run(lease.owner, lease.expiresAt, id);
  writer.close();
}

test("two servers on one database: the job runs in one only, and sign-ins under throttle on the other never meet SQLITE_BUSY", async () => {
  // Two jobs, 20,000 rows: long enough for a good number of sign-ins while A works through them.
  const { env, jobIds } = databaseWithJobs("both");

  // The jobs are held by a lease of the test's own until both servers listen, then let go: the
  // first heartbeat sweep takes them (A), and the sign-ins at the other (B) begin with the jobs. A
  // second server started after the first had taken them once booted so long on a loaded machine
  // that the jobs were nearly done.
  holdJobs(env.DATABASE_PATH!, jobIds, { owner: "held-by-the-test", expiresAt: Date.now() + 10 * 60_000 });
  const servers = await Promise.all([startServer(env), startServer(env)]);
  const db = watch(env.DATABASE_PATH!);
  let isLoading = true;
  try {
    holdJobs(env.DATABASE_PATH!, jobIds, { owner: null, expiresAt: null });
    const holderOf = (jobId: number) => servers.find((s) => db.job(jobId).lease_owner?.includes(`:${s.pid}:`));
    await waitFor(() => jobIds.every((id) => holderOf(id) !== undefined), 30_000, "a server to take the jobs");
    // Should the two sweeps meet, each job still runs in the one server that took it.
    const holders = new Map(jobIds.map((id) => [id, holderOf(id)!]));
    const a = holders.get(jobIds[0]!)!;
    const b = servers.find((s) => s !== a)!;
    // Pages keep A busy meanwhile, as a server's users would: its runner then takes a quarter of the
    // event loop, so the jobs last long enough for many sign-ins at B on a fast machine too.
    const browsing = Array.from({ length: 3 }, async () => {
      while (isLoading) await (await fetch(`${a.url}/sign-in`)).text();
    });
    const isRunning = () => jobIds.some((id) => ["queued", "running"].includes(db.job(id).status));
    const attempts: Attempt[] = [];
    const duringJob = () => attempts.filter((x) => x.duringJob).length;
    // Sign-ins at B while A's job runs: at least the minimum, more while it lasts.
    while (attempts.length < MIN_ATTEMPTS_DURING_JOB || (isRunning() && attempts.length < MAX_ATTEMPTS)) {
      const wasRunning = isRunning();
      const outcomes = await Promise.all(
        Array.from({ length: CONCURRENCY }, (_, i) => attempt(b.url, attempts.length + i)),
      );
      attempts.push(...outcomes.map((outcome) => ({ outcome, duringJob: wasRunning && isRunning() })));
    }
    isLoading = false;
    await Promise.all(browsing);
    console.log(
      `${attempts.length} sign-ins at B, ${duringJob()} while A's jobs ran (${jobIds.map((id) => db.job(id).done).join(" and ")} of 10000 done)`,
    );
    await waitFor(() => !isRunning(), 120_000, "the jobs to end");

    expect(duringJob(), "sign-ins while A's jobs ran").toBeGreaterThanOrEqual(MIN_ATTEMPTS_DURING_JOB);
    expect(new Set(attempts.map((x) => x.outcome))).toEqual(new Set(["signed-in", "invalid", "throttled"]));
    for (const server of [a, b]) expect(server.output()).not.toMatch(/SQLITE_BUSY|database is locked/);
    // Every attempt left its audit event: none was lost to a failed write.
    expect(
      db.count(
        "select count(*) n from audit_events where action in ('SignInSucceeded', 'SignInFailed', 'SignInThrottled')",
      ),
    ).toBe(attempts.length);

    // Each job ran once, in the server that took it: the other swept every second and found its lease held.
    for (const id of jobIds) {
      // Both jobs work on the same rows, so the second may find some changed by the first: refused as stale, never done twice.
      expect(db.job(id)).toMatchObject({
        status: expect.stringMatching(/^(succeeded|completed_with_refusals)$/),
        done: 10_000,
      });
      expect(db.runs(id)).toEqual([
        expect.objectContaining({ owner: expect.stringContaining(`:${holders.get(id)!.pid}:`), from: 0 }),
      ]);
    }
    for (const action of ["MailboxTested", "MailboxApproved"]) {
      expect(
        db.count(
          "select count(*) n from (select target_id from audit_events where action = ? group by target_id having count(*) > 1)",
          action,
        ),
      ).toBe(0);
    }
  } finally {
    isLoading = false;
    await Promise.all(servers.map((server) => server.stop("SIGTERM")));
    db.close();
    removeTempDirs();
  }
});
