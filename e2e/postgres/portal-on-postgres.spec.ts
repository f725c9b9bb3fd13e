import { expect, test, type Browser } from "@playwright/test";
import pg from "pg";
import { startCluster } from "../../scripts/pg-cluster.mjs";
import { delegate, holderRow, mailboxRow, openMailboxes, runCommand, runMailboxCommand } from "../admin-helpers";
import { fixtureSecret } from "../api/people";
import { POSTGRES_LIMITED_TOKEN, POSTGRES_RATE_LIMIT, POSTGRES_TOKEN } from "./token";
import { accountMenu, signIn } from "../helpers";
import { deployment, removeTempDirs, startServer, tempDir, tsx, type Server } from "../reliability/server-processes";

// Issue 19: the same production build on PostgreSQL. One throw-away cluster (scripts/pg-cluster.mjs)
// holds one deployment's database, migrated and seeded by db/cli/prepare.ts as `npm start` does
// (DATABASE_URL names it), plus Contoso Jobs' 10,000 pending mailboxes and a token of ava's
// (e2e/fixtures/postgres-database.ts). Two app servers run on it, as behind a load balancer: the
// core stories are walked in a browser on one, and the approval races are sent through both.

test.describe.configure({ mode: "serial" });
// A cluster, a seeded database and two servers: slow on a loaded 2-core machine; each wait is bounded.
test.setTimeout(240_000);

let cluster: Awaited<ReturnType<typeof startCluster>>;
let env: NodeJS.ProcessEnv;
let a: Server;
let b: Server;

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  cluster = await startCluster();
  env = { ...deployment(tempDir()), DATABASE_URL: cluster.url, MAILGATE_API_RATE_LIMIT: String(POSTGRES_RATE_LIMIT) };
  tsx(env, "db/cli/prepare.ts");
  tsx(env, "e2e/fixtures/postgres-database.ts");
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
});

test.afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((server) => server.stop("SIGTERM")));
  await cluster?.stop();
  removeTempDirs();
});

/** A browser context of its own on `server`, signed in through the form. */
async function signedInAt(browser: Browser, server: Server, alias: string, name: string) {
  const context = await browser.newContext({ baseURL: server.url, timezoneId: "UTC" });
  const page = await context.newPage();
  await signIn(page, alias);
  await expect(accountMenu(page, name)).toBeVisible();
  return page;
}

test("on PostgreSQL: ava delegates, dana approves and runs Test & Enable, and the audit log verifies intact", async ({
  browser,
}) => {
  const ava = await signedInAt(browser, a, "ava", "Ava Alvarez");
  await delegate(ava, "production", "Dana Diaz (dana@contoso.com)", "Covers approvals while on PostgreSQL");
  await expect(holderRow(ava, "Dana Diaz")).toBeVisible();

  const dana = await signedInAt(browser, a, "dana", "Dana Diaz");
  const pending = await openMailboxes(dana, "pending", "user21");
  await mailboxRow(pending, "Alex Clark").getByRole("checkbox").check();
  const approval = await runCommand(dana, "Approve Email");
  await approval.getByRole("button", { name: "OK" }).click();
  await expect(approval.getByTestId("run-summary")).toHaveText("1 approved, 0 unchanged, 0 refused.");
  await approval.getByRole("button", { name: "Close" }).click();

  const active = await openMailboxes(dana, "active", "user21");
  await mailboxRow(active, "Alex Clark").getByRole("checkbox").check();
  const tande = await runMailboxCommand(dana, "Test & Enable Mailbox");
  await expect(tande.getByTestId("run-summary")).toHaveText("1 succeeded, 0 failed, 0 not run, 0 refused.");

  await ava.goto("/audit?action=MailboxApproved");
  const approvals = ava.getByRole("table", { name: "Audit events" }).getByRole("row", { name: /Mailbox approved/ });
  await expect(approvals).toHaveCount(1);
  await expect(approvals).toContainText("dana@contoso.com");
  await expect(approvals).toContainText("Alex Clark <user21@contoso.com>");
  await ava.getByRole("button", { name: "Verify integrity" }).click();
  await expect(ava.getByRole("status", { name: /^Intact, [\d,]+ events$/ })).toBeVisible();
});

/** Approves through the REST API of `server`, as ava's token; the body the API answered. */
async function approve(server: Server, slug: string, items: { id: number; version: number }[]) {
  const response = await fetch(`${server.url}/api/v1/environments/${slug}/mailboxes/approve`, {
    method: "POST",
    headers: { authorization: `Bearer ${fixtureSecret(POSTGRES_TOKEN)}`, "content-type": "application/json" },
    body: JSON.stringify({ items }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test("two app servers on one PostgreSQL database: a 50-way race gives one change, a 10,000-mailbox approval runs once", async () => {
  // Contoso Jobs, where ava is a user (no one may approve in an environment they are not a user of).
  const [target] = await query<{ id: number; version: number }>(
    `select m.id, m.version from mailboxes m join environments e on e.id = m.environment_id
     where e.slug = 'jobs' order by m.id limit 1`,
  );
  const race = await Promise.all(Array.from({ length: 50 }, (_, i) => approve(i % 2 ? a : b, "jobs", [target!])));
  expect(race.map((r) => r.status)).toEqual(Array(50).fill(200));
  const changed = race.flatMap((r) => r.body.outcomes as { outcome: string }[]).filter((r) => r.outcome === "changed");
  expect(changed, JSON.stringify(race[0]!.body)).toHaveLength(1);
  expect(
    await query("select count(*)::int as n from audit_events where action = 'MailboxApproved' and target_id = $1", [
      String(target!.id),
    ]),
  ).toEqual([{ n: 1 }]);

  // Every mailbox of Contoso Jobs, as the grid shows them now: the one the race approved is unchanged.
  const items = await query<{ id: number; version: number }>(
    `select m.id, m.version from mailboxes m join environments e on e.id = m.environment_id where e.slug = 'jobs'`,
  );
  expect(items).toHaveLength(10_000);
  const started = await approve(a, "jobs", items);
  expect(started.status).toBe(202);
  const jobId = started.body.jobId as number;
  await expect
    .poll(
      async () => (await query<{ status: string }>("select status from bulk_jobs where id = $1", [jobId]))[0]!.status,
      {
        timeout: 180_000,
      },
    )
    .toBe("succeeded");
  const [job] = await query<{ done: number; runs: number }>(
    "select done, jsonb_array_length(result::jsonb -> 'runs') as runs from bulk_jobs where id = $1",
    [jobId],
  );
  expect(job).toEqual({ done: 10_000, runs: 1 });
  expect(
    await query(`select count(*)::int as n from mailboxes m join environments e on e.id = m.environment_id
                 where e.slug = 'jobs' and m.email_status = 1 and m.version = 2`),
  ).toEqual([{ n: 10_000 }]);
  expect(
    await query(`select count(*)::int as events, count(distinct target_id)::int as mailboxes from audit_events
                 where action = 'MailboxApproved' and environment_id = (select id from environments where slug = 'jobs')`),
  ).toEqual([{ events: 10_000, mailboxes: 10_000 }]);

  // The chain both servers appended to is one, intact under the key and its checkpoints.
  expect(tsx(env, "db/cli/audit-verify.ts", "--full")).toMatch(/^intact: /);
  for (const server of [a, b]) expect(server.output()).not.toMatch(/⨯|Error:/);
});

test("the API's rate limit holds across both servers: a token gets its limit once, not once per server", async () => {
  const get = (server: Server) =>
    fetch(`${server.url}/api/v1/environments/jobs/mailboxes?limit=1`, {
      headers: { authorization: `Bearer ${fixtureSecret(POSTGRES_LIMITED_TOKEN)}` },
    }).then((response) => response.status);
  // Ten past the limit, half to each server, within one minute (a few seconds here).
  const statuses = await Promise.all(Array.from({ length: POSTGRES_RATE_LIMIT + 10 }, (_, i) => get(i % 2 ? a : b)));
  expect(statuses.filter((s) => s === 200)).toHaveLength(POSTGRES_RATE_LIMIT);
  expect(statuses.filter((s) => s === 429)).toHaveLength(10);
});
