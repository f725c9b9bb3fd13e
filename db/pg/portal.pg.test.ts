import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster } from "@/scripts/pg-cluster.mjs";

// Issue 19: the portal's own services on PostgreSQL, the core stories end to end: the demo seeded,
// a Delegated Mailbox Approver delegated, a mailbox approved by her and refused to someone else,
// Test & Enable, a 50-way race on one mailbox, and the audit chain walked with its key. Its own
// Vitest project (vitest.config.mts): DATABASE_URL is set before the first import of the data
// layer, which decides the dialect once per process.

let cluster: Awaited<ReturnType<typeof startCluster>>;
// Loaded after DATABASE_URL is set, so the tables and the connection are PostgreSQL's.
let m: Awaited<ReturnType<typeof load>>;
async function load() {
  return {
    client: await import("@/db/client"),
    schema: await import("@/db/schema"),
    dialect: await import("@/db/dialect"),
    portal: await import("./portal"),
    migrate: await import("./client"),
    seed: await import("@/db/seed/demo"),
    actor: await import("@/lib/services/identity/actor"),
    roles: await import("@/lib/services/delegation/role-assignments"),
    approvals: await import("@/lib/services/mailboxes/approvals"),
    testAndEnable: await import("@/lib/services/mailboxes/test-and-enable"),
    log: await import("@/lib/services/audit/log"),
    keys: await import("@/lib/services/audit/keys"),
    walk: await import("@/lib/services/audit/walk-postgres"),
    grid: await import("@/lib/services/mailboxes/grid"),
    users: await import("@/lib/services/directory/environment-users"),
    environments: await import("@/lib/services/settings/environments"),
    audit: await import("@/lib/services/audit/search"),
    auditVisibility: await import("@/lib/policy/audit-visibility"),
  };
}
const db = () => m.client.getDb();
const now = new Date("2026-11-20T12:00:00Z");
const ctx = () => ({ origin: m.log.NO_ORIGIN, now });

async function idOf(upn: string) {
  const [row] = await db()
    .select({ id: m.schema.directoryUsers.id })
    .from(m.schema.directoryUsers)
    .where(eq(m.schema.directoryUsers.upn, upn));
  return row!.id;
}
const actorOf = async (alias: string) => (await m.actor.loadActor(db(), await idOf(`${alias}@contoso.com`)))!;
async function production() {
  const [row] = await db()
    .select({ id: m.schema.environments.id })
    .from(m.schema.environments)
    .where(eq(m.schema.environments.slug, "production"));
  return row!.id;
}
async function mailbox(address: string) {
  const [row] = await db()
    .select()
    .from(m.schema.mailboxes)
    .where(and(eq(m.schema.mailboxes.environmentId, await production()), eq(m.schema.mailboxes.emailAddress, address)));
  return row!;
}
async function events(action: string, targetId?: number) {
  const e = m.schema.auditEvents;
  const [row] = await db()
    .select({ n: count() })
    .from(e)
    .where(and(eq(e.action, action), targetId === undefined ? undefined : eq(e.targetId, String(targetId))));
  return row!.n;
}

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATABASE_URL = cluster.url;
  m = await load();
  await (await m.migrate.openPgDb(cluster.url)).$client.end();
  await m.seed.seedDemo(db(), new Date("2026-11-01T00:00:00Z"));
}, 180_000); // A cluster and the demo seeded: slow beside a whole test run on 2 cores.
afterAll(async () => {
  if (m) await m.portal.poolOf(db()).end();
  await cluster?.stop();
});

describe("the portal on PostgreSQL", () => {
  it("runs on the tables derived for PostgreSQL, through a pool whose connections say they are the portal's", async () => {
    expect(m.dialect.DIALECT).toBe("postgresql");
    expect(m.portal.isPortalPg(db())).toBe(true);
    const { rows } = await m.portal
      .poolOf(db())
      .query("select application_name from pg_stat_activity where pid = pg_backend_pid()");
    expect(rows).toEqual([{ application_name: "mailgate" }]);
  });

  it("ava delegates the Delegated Mailbox Approver role to dana, who approves a pending mailbox; sam may not", async () => {
    const prod = await production();
    const [dana] = await db()
      .select({ id: m.schema.environmentUsers.id })
      .from(m.schema.environmentUsers)
      .where(
        and(
          eq(m.schema.environmentUsers.environmentId, prod),
          eq(m.schema.environmentUsers.directoryUserId, await idOf("dana@contoso.com")),
        ),
      );
    const delegated = await m.roles.delegateMailboxApprover(
      db(),
      await actorOf("ava"),
      {
        environmentId: prod,
        environmentUserId: dana!.id,
        terms: { justification: "covers approvals", endsAt: null },
        alsoSystemAdministrator: false,
      },
      ctx(),
    );
    expect(delegated).toMatchObject({ ok: true });
    expect(await events("RoleAssigned")).toBeGreaterThan(0);

    const pending = await mailbox("user21@contoso.com");
    expect(pending.emailStatus).toBe(2);
    const item = { id: pending.id, version: pending.version };
    const bySam = await m.approvals.setApproval(
      db(),
      await actorOf("sam"),
      { environmentId: prod, items: [item], operation: "approve" },
      ctx(),
    );
    expect(bySam).toMatchObject([{ outcome: "refused", reason: "NOT_TENANT_ADMIN_OR_DMA" }]);
    const byDana = await m.approvals.setApproval(
      db(),
      await actorOf("dana"),
      { environmentId: prod, items: [item], operation: "approve" },
      ctx(),
    );
    expect(byDana).toMatchObject([{ outcome: "changed" }]);
    expect(await mailbox("user21@contoso.com")).toMatchObject({ emailStatus: 1, version: pending.version + 1 });
    expect(await events("MailboxApproved", pending.id)).toBe(1);
  });

  it("dana, System Administrator there, runs Test & Enable on the approved mailbox; its result is recorded", async () => {
    const approved = await mailbox("user21@contoso.com");
    const outcomes = await m.testAndEnable.testAndEnableMailboxes(
      db(),
      await actorOf("dana"),
      { environmentId: await production(), ids: [approved.id] },
      ctx(),
    );
    expect(outcomes).toMatchObject([{ id: approved.id, outcome: "succeeded", message: "Tested and enabled." }]);
    expect(await mailbox("user21@contoso.com")).toMatchObject({
      mailboxStatus: 1,
      isIncomingEnabled: true,
      isOutgoingEnabled: true,
      testCompletedOn: now,
    });
    expect(await events("MailboxTested", approved.id)).toBe(1);
  });

  it("50 approvals of one mailbox at once, through the pool: one change, one event", async () => {
    const target = await mailbox("user22@contoso.com");
    const dana = await actorOf("dana");
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        m.approvals.setApproval(
          db(),
          dana,
          {
            environmentId: target.environmentId,
            items: [{ id: target.id, version: target.version }],
            operation: "approve",
          },
          ctx(),
        ),
      ),
    );
    expect(results.flat().filter((r) => r.outcome === "changed")).toHaveLength(1);
    expect(await events("MailboxApproved", target.id)).toBe(1);
    expect((await mailbox("user22@contoso.com")).version).toBe(target.version + 1);
  });

  it("the audit chain those stories wrote is one unbroken chain under the key", async () => {
    const [chain] = await db().select().from(m.schema.auditChain);
    const walk = await m.walk.walkPgChain(m.portal.poolOf(db()), m.keys.chainKey(), chain?.keyedFrom ?? 1);
    const [total] = await db().select({ n: count() }).from(m.schema.auditEvents);
    expect(walk.fault).toBeNull();
    expect(walk.events).toBe(total!.n);
    expect(walk.headSeq).toBe(total!.n);
  });
});

describe("the pages' reads on PostgreSQL", () => {
  const grid = async (view: "active" | "pending", q = "", after: [string | number, number] | null = null) =>
    m.grid.listMailboxes(db(), {
      environmentId: await production(),
      view,
      q,
      sort: "name",
      dir: "asc",
      after,
      before: null,
      ownEnvironmentUserId: null,
    });
  const countWhere = async (condition: ReturnType<typeof eq>) => {
    const [row] = await db().select({ n: count() }).from(m.schema.mailboxes).where(condition);
    return row!.n;
  };

  it("the mailboxes grid pages through every active mailbox, its totals those of COUNT(*)", async () => {
    const prod = await production();
    const active = await countWhere(
      and(eq(m.schema.mailboxes.environmentId, prod), eq(m.schema.mailboxes.isActive, true))!,
    );
    let page = await grid("active");
    const seen = page.rows.map((r) => r.id);
    while (page.hasNext) {
      page = await grid("active", "", m.grid.cursorOf(page.rows.at(-1)!, "name"));
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(page.total).toBe(active);
    expect(new Set(seen).size).toBe(active);
  });

  it("the Pending view counts what is empty or pending approval; a search finds by part of an address", async () => {
    const prod = await production();
    const pending = await countWhere(
      and(
        eq(m.schema.mailboxes.environmentId, prod),
        inArray(m.schema.mailboxes.emailStatus, [0, 2]),
        eq(m.schema.mailboxes.isActive, true),
      )!,
    );
    expect((await grid("pending")).total).toBe(pending);
    const found = await grid("active", "user3");
    expect(found.rows.length).toBeGreaterThan(0);
    expect(found.rows.every((r) => r.emailAddress.includes("user3"))).toBe(true);
  });

  it("the Users page lists the environment's users, found by part of a name in any case", async () => {
    const ava = await actorOf("ava");
    const environment = (await m.environments.findEnvironmentPage(db(), ava, "production", "users", now))!;
    const list = (q: string) =>
      m.users.listEnvironmentUsers(db(), environment, { q, roleId: null, sort: "name", dir: "asc", page: 1 }, now);
    expect((await list("")).rows.map((r) => r.email)).toContain("dana@contoso.com");
    expect((await list("DIAZ")).rows.map((r) => r.email)).toContain("dana@contoso.com");
  });

  it("the audit log's page finds the stories' events by action, newest first", async () => {
    const page = await m.audit.searchAuditEvents(db(), m.auditVisibility.auditScope(await actorOf("ava"), now), {
      action: "MailboxApproved",
    });
    expect(page.rows.length).toBe(await events("MailboxApproved"));
    expect(page.rows.map((r) => r.seq)).toEqual([...page.rows.map((r) => r.seq)].sort((a, b) => b - a));
  });
});
