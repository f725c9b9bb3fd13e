import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { startCluster } from "@/scripts/pg-cluster.mjs";
import type { JobKinds } from "./types";

// Issue 19, jobs across servers: two app servers = two pools (two openPortalPg handles) on one
// PostgreSQL database, each with its own job runner and lease owner, running one background
// approval at once. Its own Vitest project (vitest.config.mts): DATABASE_URL is set before the
// first import of the data layer, which decides the dialect once per process.
//
// What each test catches (each seen failing with its guard removed):
// - a batch that did not check the lease inside its transaction (batch.ts) lets the old owner go
//   on after the takeover: its batches then reach past the takeover point (the two servers share
//   the rest, each reading `done` afresh), and the takeover test fails;
// - a claim that did not check the lease on the row as it is now (lease.ts, claimJob), or checked
//   it with neither the write lock of db/pg/portal.ts nor FOR UPDATE, lets both servers take one
//   free job: the contested claim test fails (two claims). The first test's two boots did not
//   overlap that closely when tried (it passed without the check), so it does not stand in for it;
// - a claim without SKIP LOCKED waits for a row another transaction holds instead of passing over
//   it: the held-row test times out.
// The row locks alone keep the jobs right: with the write lock taken out of withPgTransaction,
// every test here still passes.

let cluster: Awaited<ReturnType<typeof startCluster>>;
// Loaded after DATABASE_URL is set, so the tables and the connection are PostgreSQL's.
let m: Awaited<ReturnType<typeof load>>;
async function load() {
  return {
    client: await import("@/db/client"),
    schema: await import("@/db/schema"),
    portal: await import("@/db/pg/portal"),
    migrate: await import("@/db/pg/client"),
    seed: await import("@/db/seed/demo"),
    actor: await import("@/lib/services/identity/actor"),
    roles: await import("@/lib/services/delegation/role-assignments"),
    log: await import("@/lib/services/audit/log"),
    keys: await import("@/lib/services/audit/keys"),
    walk: await import("@/lib/services/audit/walk-postgres"),
    approvalJob: await import("@/lib/services/mailboxes/approval-job"),
    registry: await import("./registry"),
    runner: await import("./runner"),
    lease: await import("./lease"),
  };
}
const db = () => m.client.getDb();
const pool = () => m.portal.poolOf(db());
/** The two app servers: a pool each, as two `next start` processes would have. */
let serverA: Db;
let serverB: Db;

/** Every batch that ran, by which server, over which mailboxes, in the order they ran. */
type Ran = { server: string; jobId: number; ids: number[] };
let ran: Ran[] = [];
/**
 * The app's job kinds, the approval's batches noted as they run. Noted inside the batch's
 * transaction, before its commit: a batch that rolled back after its work would show here too,
 * and none does in these tests (a failure would end the job "failed").
 */
function kindsOf(server: string): JobKinds {
  const kind = m.registry.JOB_KINDS[m.approvalJob.MAILBOX_APPROVAL]!;
  return {
    ...m.registry.JOB_KINDS,
    [m.approvalJob.MAILBOX_APPROVAL]: {
      ...kind,
      runBatch: async (ctx, ids) => {
        const result = await kind.runBatch(ctx, ids);
        ran.push({ server, jobId: ctx.jobId, ids });
        return result;
      },
    },
  };
}
const runnerOf = (server: string, options: { batchSize?: number } = {}) =>
  m.runner.createJobRunner(kindsOf(server), { owner: server, ...options });

async function production() {
  const [row] = await db()
    .select({ id: m.schema.environments.id })
    .from(m.schema.environments)
    .where(eq(m.schema.environments.slug, "production"));
  return row!.id;
}
async function defaultProfile(environmentId: number) {
  const p = m.schema.serverProfiles;
  const [row] = await db()
    .select({ id: p.id })
    .from(p)
    .where(and(eq(p.environmentId, environmentId), eq(p.isDefault, true)));
  return row!.id;
}

/**
 * `n` pending queue mailboxes in Production, as the SQLite tests' addPendingQueueMailboxes adds
 * them, in two set-based statements; their ids and versions as an approver's selection, by id.
 */
async function addPendingQueueMailboxes(n: number, prefix: string) {
  const environmentId = await production();
  const { rows } = await pool().query<{ id: number; version: number }>(
    `with added as (
       insert into queues (environment_id, name, email, created_at)
       select $1, $2 || ' ' || i, lower($2) || i || '@contoso.com', now() from generate_series(0, $3 - 1) i
       returning id, name, email
     )
     insert into mailboxes (environment_id, server_profile_id, name, email_address, regarding_type, regarding_queue_id, email_status, pending_since, created_at)
     select $1, $4, name, email, 'queue', id, 2, now(), now() from added
     returning id, version`,
    [environmentId, prefix, n, await defaultProfile(environmentId)],
  );
  return { environmentId, items: rows.sort((a, b) => a.id - b.id) };
}

const ctx = () => ({ origin: m.log.NO_ORIGIN, now: new Date() });
async function actorOf(alias: string) {
  const [row] = await db()
    .select({ id: m.schema.directoryUsers.id })
    .from(m.schema.directoryUsers)
    .where(eq(m.schema.directoryUsers.upn, `${alias}@contoso.com`));
  return (await m.actor.loadActor(db(), row!.id))!;
}

/** dana, System Administrator of Production, made a Delegated Mailbox Approver there by ava, as the approval tests make her. */
async function makeDanaApprover() {
  const environmentId = await production();
  const e = m.schema.environmentUsers;
  const [dana] = await db()
    .select({ id: e.id })
    .from(e)
    .where(and(eq(e.environmentId, environmentId), eq(e.directoryUserId, (await actorOf("dana")).id)));
  const delegated = await m.roles.delegateMailboxApprover(
    db(),
    await actorOf("ava"),
    {
      environmentId,
      environmentUserId: dana!.id,
      terms: { justification: "covers approvals", endsAt: null },
      alsoSystemAdministrator: false,
    },
    ctx(),
  );
  if (!delegated.ok) throw new Error(delegated.message);
}

/** dana approves them all as a background job: the job's start, not committed yet. */
async function approvalPlan(n: number, prefix: string) {
  const { environmentId, items } = await addPendingQueueMailboxes(n, prefix);
  const dana = await actorOf("dana");
  return await m.approvalJob.planApprovalJob(db(), dana, { environmentId, items, operation: "approve" }, ctx());
}

/** Each mailbox as "version:status:MailboxApproved events": changed once and approved with one event is "2:1:1". */
async function outcomeOf(ids: number[]) {
  const { rows } = await pool().query<{ id: number; version: number; status: number; events: number }>(
    `select m.id, m.version, m.email_status status, coalesce(e.n, 0) events
       from mailboxes m
       left join (select target_id, count(*)::int n from audit_events
                   where action = 'MailboxApproved' and target_type = 'mailbox' group by target_id) e
         on e.target_id = m.id::text
      where m.id = any($1::int[])`,
    [ids],
  );
  const shapes = new Set(rows.map((r) => `${r.version}:${r.status}:${r.events}`));
  return { mailboxes: rows.length, shapes: [...shapes] };
}
/** The mailboxes each server's batches went over, in the order they ran. */
const idsRunBy = (jobId: number, server: string) =>
  ran.filter((r) => r.jobId === jobId && r.server === server).flatMap((r) => r.ids);

async function leaseOf(jobId: number) {
  const j = m.schema.bulkJobs;
  const [row] = await db()
    .select({ owner: j.leaseOwner, expiresAt: j.leaseExpiresAt, status: j.status, done: j.done })
    .from(j)
    .where(eq(j.id, jobId));
  return row!;
}

/** A job's first batch held back until the test says, as "after the response" holds it in the app. */
function heldBack() {
  let release: () => void = () => {};
  return { defer: (run: () => void) => (release = run), release: () => release() };
}

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATABASE_URL = cluster.url;
  m = await load();
  await (await m.migrate.openPgDb(cluster.url)).$client.end();
  await m.seed.seedDemo(db(), new Date("2026-11-01T00:00:00Z"));
  await makeDanaApprover();
  serverA = m.portal.openPortalPg(cluster.url);
  serverB = m.portal.openPortalPg(cluster.url);
}, 180_000); // A cluster and the demo seeded: slow beside a whole test run on 2 cores.
afterAll(async () => {
  if (m) await Promise.all([serverA, serverB, db()].filter(Boolean).map((d) => m.portal.poolOf(d).end()));
  await cluster?.stop();
});

describe("background jobs with two app servers on one PostgreSQL database", () => {
  it("both servers start at once with a queued 10,000-mailbox approval: one takes it and runs it once; every mailbox is approved once, with one event", async () => {
    const plan = await approvalPlan(10_000, "Intake");
    const [a, b] = [runnerOf("server-a"), runnerOf("server-b")];
    ran = [];
    // Queued for whichever server takes it first, as a script queues work.
    const { jobId } = await a.enqueueJob(serverA, plan);
    try {
      // Both boot now: each sweeps for jobs nobody holds, then keeps a heartbeat that sweeps again.
      const [atA, atB] = await Promise.all([a.start(serverA), b.start(serverB)]);
      expect([...atA.resumed, ...atB.resumed]).toEqual([jobId]);
      const [winner, loser] = atA.resumed.length ? ["server-a", "server-b"] : ["server-b", "server-a"];
      await Promise.all([a.settled(jobId), b.settled(jobId)]);

      const job = (await a.getJob(serverA, jobId))!;
      expect(job).toMatchObject({ status: "succeeded", total: 10_000, done: 10_000, failed: 0 });
      expect(job.result.counts).toEqual({ changed: 10_000, unchanged: 0, refused: 0 });
      expect(job.result.runs).toEqual([expect.objectContaining({ owner: winner, from: 0 })]);
      // Every batch by the one server, each mailbox in exactly one batch, in order.
      expect(idsRunBy(jobId, loser)).toEqual([]);
      expect(idsRunBy(jobId, winner)).toEqual(plan.itemIds);
      expect(await outcomeOf(plan.itemIds)).toEqual({ mailboxes: 10_000, shapes: ["2:1:1"] });
      expect(await leaseOf(jobId)).toMatchObject({ owner: null, expiresAt: null, status: "succeeded" });
    } finally {
      await Promise.all([a.pause(), b.pause()]);
    }
  }, 120_000);

  it("a server whose lease expired mid-job is taken over by the other from its last batch; back, it writes nothing more", async () => {
    const plan = await approvalPlan(2_000, "Takeover");
    const [gone, heir] = [runnerOf("server-a-gone", { batchSize: 250 }), runnerOf("server-b-heir", { batchSize: 250 })];
    ran = [];
    const start = heldBack();
    const { jobId } = await gone.startJob(serverA, plan, start.defer);
    expect(await gone.runNextBatch(serverA, jobId)).toBe(true);
    expect(await gone.runNextBatch(serverA, jobId)).toBe(true);

    // Its server stops renewing (dead, or stalled): the lease runs out, and the other takes the job.
    await pool().query("update bulk_jobs set lease_expires_at = now() - interval '1 second' where id = $1", [jobId]);
    expect(await heir.sweep(serverB)).toEqual({ resumed: [jobId], interrupted: [] });
    expect(await leaseOf(jobId)).toMatchObject({ owner: "server-b-heir", done: 500 });

    // Both loops now run at once: the heir's, and the old owner's, back from its stall.
    start.release();
    await Promise.all([gone.settled(jobId), heir.settled(jobId)]);

    const job = (await heir.getJob(serverB, jobId))!;
    expect(job).toMatchObject({ status: "succeeded", total: 2_000, done: 2_000, failed: 0 });
    expect(job.result.counts).toEqual({ changed: 2_000, unchanged: 0, refused: 0 });
    expect(job.result.runs).toEqual([
      expect.objectContaining({ owner: "server-a-gone", from: 0 }),
      expect.objectContaining({ owner: "server-b-heir", from: 500 }),
    ]);
    expect(idsRunBy(jobId, "server-a-gone")).toEqual(plan.itemIds.slice(0, 500));
    expect(idsRunBy(jobId, "server-b-heir")).toEqual(plan.itemIds.slice(500));
    expect(await outcomeOf(plan.itemIds)).toEqual({ mailboxes: 2_000, shapes: ["2:1:1"] });
    expect(await gone.runNextBatch(serverA, jobId)).toBe(false);
  }, 60_000);

  it("two servers claiming one free job at the same moment: exactly one gets it", async () => {
    const a = runnerOf("server-a");
    const { jobId } = await a.enqueueJob(serverA, await approvalPlan(10, "Contested"));
    const now = new Date();
    const claims = await Promise.all([
      m.lease.claimJob(serverA, jobId, "server-a", now),
      m.lease.claimJob(serverB, jobId, "server-b", now),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await leaseOf(jobId)).toMatchObject({ owner: claims[0] ? "server-a" : "server-b" });
    expect((await a.getJob(serverA, jobId))!.result.runs).toHaveLength(1);
  });

  it("a claim passes over a job whose row another transaction holds, at once, and takes it once the row is free", async () => {
    const plan = await approvalPlan(10, "Held");
    const { jobId } = await runnerOf("server-a").enqueueJob(serverA, plan);
    const holder = await m.portal.poolOf(serverA).connect();
    let isHolding = false;
    try {
      // As its owner's heartbeat holds it while renewing the lease: one UPDATE, outside the write lock.
      await holder.query("begin");
      isHolding = true;
      await holder.query("select 1 from bulk_jobs where id = $1 for update", [jobId]);
      expect(await m.lease.claimJob(serverB, jobId, "server-b", new Date())).toBe(false);
      await holder.query("rollback");
      isHolding = false;
      expect(await m.lease.claimJob(serverB, jobId, "server-b", new Date())).toBe(true);
      expect(await leaseOf(jobId)).toMatchObject({ owner: "server-b" });
    } finally {
      if (isHolding) await holder.query("rollback");
      holder.release();
    }
  });

  it("the audit chain both servers appended to is one unbroken chain under the key", async () => {
    const [chain] = await db().select().from(m.schema.auditChain);
    const walk = await m.walk.walkPgChain(pool(), m.keys.chainKey(), chain?.keyedFrom ?? 1);
    const [total] = await db().select({ n: count() }).from(m.schema.auditEvents);
    expect(walk.fault).toBeNull();
    expect(walk.events).toBe(total!.n);
    expect(walk.headSeq).toBe(total!.n);
  });
});
