import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { startCluster } from "@/scripts/pg-cluster.mjs";

// Issue 19: the delegations list and the "last approval" lookup give the same answers on
// PostgreSQL as on SQLite. The same story runs through the real services on both: the demo seeded
// at the same instant, eight delegations with end dates (one expired, one renewed, three ending
// soon), approvals made with the role in two environments and others that are not, then every sort in both directions
// and every filter, compared row for row. The dialect is decided once per module graph at its first
// import of the data layer (db/dialect.ts): the SQLite graph is loaded first, then the modules are
// reset and loaded again with DATABASE_URL set.

async function load() {
  return {
    schema: await import("@/db/schema"),
    dialect: await import("@/db/dialect"),
    actor: await import("@/lib/services/identity/actor"),
    roles: await import("@/lib/services/delegation/role-assignments"),
    terms: await import("@/lib/services/delegation/terms"),
    approvals: await import("@/lib/services/mailboxes/approvals"),
    environments: await import("@/lib/services/settings/environments"),
    membership: await import("@/lib/services/directory/environment-membership"),
    log: await import("@/lib/services/audit/log"),
    list: await import("./delegation-list"),
    sql: await import("./delegation-sql"),
    lastApproval: await import("@/lib/services/reviews/last-approval"),
  };
}
type Side = { m: Awaited<ReturnType<typeof load>>; db: Db };

const SEEDED_AT = new Date("2026-11-01T00:00:00Z");
const NOW = new Date("2027-03-15T12:00:00Z");
const at = (iso: string) => new Date(`${iso}Z`);

let cluster: Awaited<ReturnType<typeof startCluster>> | undefined;
let sqlite: Side;
let pg: Side;
let disposeSqlite: (() => Promise<void>) | undefined;
let endPool: (() => Promise<void>) | undefined;

/** Lookups by the names a reader knows, through Drizzle (the same on both dialects). */
function lookups({ m, db }: Side) {
  const s = m.schema;
  const dirId = async (alias: string) =>
    (
      await db
        .select({ id: s.directoryUsers.id })
        .from(s.directoryUsers)
        .where(eq(s.directoryUsers.upn, `${alias}@contoso.com`))
    )[0]!.id;
  const envId = async (slug: string) =>
    (await db.select({ id: s.environments.id }).from(s.environments).where(eq(s.environments.slug, slug)))[0]!.id;
  const envUserId = async (alias: string, slug: string) =>
    (
      await db
        .select({ id: s.environmentUsers.id })
        .from(s.environmentUsers)
        .where(
          and(
            eq(s.environmentUsers.environmentId, await envId(slug)),
            eq(s.environmentUsers.directoryUserId, await dirId(alias)),
          ),
        )
    )[0]!.id;
  const mailboxOf = async (alias: string, slug: string) =>
    (
      await db
        .select({ id: s.mailboxes.id })
        .from(s.mailboxes)
        .where(
          and(eq(s.mailboxes.environmentId, await envId(slug)), eq(s.mailboxes.emailAddress, `${alias}@contoso.com`)),
        )
    )[0]!.id;
  const actorOf = async (alias: string) => (await m.actor.loadActor(db, await dirId(alias)))!;
  return { dirId, envId, envUserId, mailboxOf, actorOf };
}

/** The story, in time order (the audit log is appended in time order, as lastApprovals assumes). */
async function tellStory(side: Side) {
  const { m, db } = side;
  const { envId, envUserId, mailboxOf, actorOf } = lookups(side);
  const ctx = (iso: string) => ({ origin: m.log.NO_ORIGIN, now: at(iso) });
  const delegate = async (alias: string, slug: string, endsAt: string | null, when: string, by = "ava") =>
    expect(
      await m.roles.delegateMailboxApprover(
        db,
        await actorOf(by),
        {
          environmentId: await envId(slug),
          environmentUserId: await envUserId(alias, slug),
          terms: { justification: `${alias} covers ${slug}`, endsAt: endsAt === null ? null : at(endsAt) },
          alsoSystemAdministrator: false,
        },
        ctx(when),
      ),
    ).toMatchObject({ ok: true });
  const decide = async (
    approver: string,
    owner: string,
    slug: string,
    when: string,
    operation: "approve" | "reject" = "approve",
  ) =>
    expect(
      await m.approvals.setApproval(
        db,
        await actorOf(approver),
        {
          environmentId: await envId(slug),
          items: [{ id: await mailboxOf(owner, slug), version: null }],
          operation,
          reason: operation === "reject" ? "Not a company address." : null,
        },
        ctx(when),
      ),
    ).toMatchObject([{ outcome: "changed" }]);

  await delegate("dana", "production", "2027-06-01T00:00", "2026-11-02T09:00");
  await delegate("sam", "production", null, "2026-11-02T09:05");
  await delegate("sam", "sandbox", "2027-03-20T00:00", "2026-11-03T09:00");
  await delegate("user01", "production", "2026-12-01T00:00", "2026-11-03T09:05");
  await delegate("bob", "sandbox", "2027-03-18T00:00", "2026-11-04T09:00");
  await delegate("user02", "production", "2026-11-20T00:00", "2026-11-04T09:05");
  await delegate("nina", "production", "2027-03-16T00:00", "2026-11-04T09:10");
  // Ava, a Global Administrator, makes herself System Administrator of Production and Evan delegates
  // the role to her too: she approves as a tenant admin, which is no approval made with the role.
  expect(
    await m.membership.addMeAsSystemAdministrator(
      db,
      await actorOf("ava"),
      { environmentId: await envId("production") },
      ctx("2026-11-05T09:00"),
    ),
  ).toMatchObject({ ok: true });
  await delegate("ava", "production", "2027-04-01T00:00", "2026-11-05T09:05", "evan");
  await decide("sam", "nina", "production", "2026-11-10T10:00");
  // Blake Adams's delegation ran out and is renewed: the row keeps its history, renewedBy is Ava.
  const s = m.schema;
  const [blake] = await db
    .select({ id: s.userRoleAssignments.id, endsAt: s.userRoleAssignments.endsAt })
    .from(s.userRoleAssignments)
    .innerJoin(s.securityRoles, eq(s.securityRoles.id, s.userRoleAssignments.roleId))
    .where(
      and(
        eq(s.userRoleAssignments.environmentUserId, await envUserId("user02", "production")),
        eq(s.securityRoles.key, "delegated_mailbox_approver"),
      ),
    );
  expect(
    await m.terms.changeDelegationTerms(
      db,
      await actorOf("ava"),
      {
        assignmentId: blake!.id,
        expectedEndsAt: blake!.endsAt,
        terms: { justification: "renewed", endsAt: at("2027-05-01T00:00") },
      },
      ctx("2026-12-01T09:00"),
    ),
  ).toMatchObject({ ok: true, change: "renew" });
  await decide("dana", "lena", "production", "2027-01-20T10:00");
  await decide("sam", "dana", "sandbox", "2027-02-01T10:00");
  await decide("ava", "user21", "production", "2027-03-01T10:00");
  await decide("dana", "user23", "production", "2027-03-10T10:00");
  // A rejection is no approval.
  await decide("dana", "user22", "production", "2027-03-12T10:00", "reject");
}

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  const testing = await import("@/db/testing");
  const opened = await testing.createTestDb({ demo: true });
  disposeSqlite = opened.dispose;
  expect(testing.DEMO_SEEDED_AT).toEqual(SEEDED_AT);
  sqlite = { m: await load(), db: opened.db };

  cluster = await startCluster();
  process.env.DATABASE_URL = cluster.url;
  vi.resetModules();
  const { openPgDb } = await import("@/db/pg/client");
  await (await openPgDb(cluster.url)).$client.end();
  const portal = await import("@/db/pg/portal");
  const db = portal.openPortalPg(cluster.url);
  endPool = () => portal.poolOf(db).end();
  pg = { m: await load(), db };
  await (await import("@/db/seed/demo")).seedDemo(db, SEEDED_AT);

  await tellStory(sqlite);
  await tellStory(pg);
}, 180_000);
afterAll(async () => {
  await endPool?.();
  await disposeSqlite?.();
  await cluster?.stop();
});

type Query = Parameters<Side["m"]["list"]["listTenantDelegations"]>[2];
const FILTERS: [string, (side: Side) => Promise<Partial<Query>>][] = [
  ["no filter", async () => ({})],
  ["Production", async (side) => ({ environmentId: await lookups(side).envId("production") })],
  ["Sandbox", async (side) => ({ environmentId: await lookups(side).envId("sandbox") })],
  ["active", async () => ({ state: "active" })],
  ["expired", async () => ({ state: "expired" })],
  ["expiring within 2 days", async () => ({ expiringWithinDays: 2 })],
  ["expiring within 7 days", async () => ({ expiringWithinDays: 7 })],
  ["unused for 7 days", async () => ({ unusedForDays: 7 })],
  ["unused for 60 days", async () => ({ unusedForDays: 60 })],
  ["unused for 200 days", async () => ({ unusedForDays: 200 })],
  ["name 'SA'", async () => ({ q: "SA" })],
  ["name 'dana'", async () => ({ q: " dana " })],
  ["email 'user0'", async () => ({ q: "user0" })],
  ["'user_1' (a literal underscore)", async () => ({ q: "user_1" })],
  [
    "Production, active, unused for 60 days",
    async (side) => ({ environmentId: await lookups(side).envId("production"), state: "active", unusedForDays: 60 }),
  ],
  [
    "Sandbox, expiring within 7 days, 'b'",
    async (side) => ({ environmentId: await lookups(side).envId("sandbox"), expiringWithinDays: 7, q: "b" }),
  ],
];
const SORTS = ["holder", "environment", "assigned", "ends", "lastApproval"] as const;

async function page(side: Side, query: Partial<Query>) {
  const { m, db } = side;
  return (await m.list.listTenantDelegations(
    db,
    await lookups(side).actorOf("ava"),
    { ...m.list.EVERY_DELEGATION, ...query },
    NOW,
  ))!;
}
const holders = (rows: { name: string; environmentSlug: string }[]) =>
  rows.map((r) => `${r.name}/${r.environmentSlug}`);

describe("the delegations list on PostgreSQL and on SQLite", () => {
  it("runs each on its own dialect", () => {
    expect(sqlite.m.dialect.DIALECT).toBe("sqlite");
    expect(pg.m.dialect.DIALECT).toBe("postgresql");
  });

  it("lists the same eight assignments with the same values and types", async () => {
    const [onSqlite, onPg] = [await page(sqlite, {}), await page(pg, {})];
    expect(onPg).toEqual(onSqlite);
    expect(onPg.total).toBe(8);
    const dana = onPg.rows.find((r) => r.name === "Dana Diaz")!;
    expect(dana).toMatchObject({
      assignedBy: "Ava Alvarez",
      assignedAt: at("2026-11-02T09:00"),
      endsAt: at("2027-06-01T00:00"),
      lastApprovalAt: at("2027-03-10T10:00"),
      recentApprovals: 2,
      state: "active",
    });
    // Her approval as a Global Administrator is not one made with the role.
    expect(onPg.rows.find((r) => r.name === "Ava Alvarez")).toMatchObject({ lastApprovalAt: null, recentApprovals: 0 });
    expect(onPg.rows.find((r) => r.name === "Blake Adams")).toMatchObject({
      renewedBy: "Ava Alvarez",
      renewedAt: at("2026-12-01T09:00"),
      lastApprovalAt: null,
      recentApprovals: 0,
    });
  });

  for (const sort of SORTS)
    for (const dir of ["asc", "desc"] as const)
      it(`sorts by ${sort} ${dir}, every filter: the same rows in the same order and the same counts`, async () => {
        const everyOrder = holders((await page(sqlite, { sort, dir })).rows);
        for (const [name, filter] of FILTERS) {
          const query = async (side: Side) => ({ ...(await filter(side)), sort, dir });
          const onSqlite = await page(sqlite, await query(sqlite));
          const onPg = await page(pg, await query(pg));
          expect(onPg, name).toEqual(onSqlite);
          // Each filter narrows the list (so one ignored on either dialect would show above).
          if (name !== "no filter") expect(onSqlite.total, name).toBeLessThan(everyOrder.length);
          // Filtered rows come in the order of the whole list.
          const names = holders(onSqlite.rows);
          expect(names, name).toEqual(everyOrder.filter((holder) => names.includes(holder)));
        }
      });

  it("each filter finds what it says", async () => {
    const found = async (name: string) =>
      holders((await page(pg, await FILTERS.find(([n]) => n === name)![1](pg))).rows).sort();
    expect(await found("expired")).toEqual(["Alex Adams/production"]);
    expect(await found("expiring within 7 days")).toEqual([
      "Bob Brown/sandbox",
      "Nina Novak/production",
      "Sam Sato/sandbox",
    ]);
    expect(await found("unused for 60 days")).toEqual([
      "Alex Adams/production",
      "Ava Alvarez/production",
      "Blake Adams/production",
      "Bob Brown/sandbox",
      "Nina Novak/production",
      "Sam Sato/production",
    ]);
    expect(await found("name 'SA'")).toEqual(["Sam Sato/production", "Sam Sato/sandbox"]);
    expect(await found("'user_1' (a literal underscore)")).toEqual([]);
    expect(await found("Sandbox, expiring within 7 days, 'b'")).toEqual(["Bob Brown/sandbox"]);
  });

  it("sorts no end date after every date and never used before any approval, in both directions", async () => {
    const order = async (side: Side, sort: "ends" | "lastApproval", dir: "asc" | "desc") =>
      holders((await page(side, { sort, dir })).rows);
    const byEnd = [
      "Alex Adams/production",
      "Nina Novak/production",
      "Bob Brown/sandbox",
      "Sam Sato/sandbox",
      "Ava Alvarez/production",
      "Blake Adams/production",
      "Dana Diaz/production",
      "Sam Sato/production",
    ];
    // Never used: by assignment, Alex, Bob, Blake, Nina, Ava; then Sam (Nov), Sam in Sandbox (Feb), Dana (Mar).
    const byLastApproval = [
      "Alex Adams/production",
      "Bob Brown/sandbox",
      "Blake Adams/production",
      "Nina Novak/production",
      "Ava Alvarez/production",
      "Sam Sato/production",
      "Sam Sato/sandbox",
      "Dana Diaz/production",
    ];
    for (const side of [sqlite, pg]) {
      expect(await order(side, "ends", "asc")).toEqual(byEnd);
      expect(await order(side, "ends", "desc")).toEqual([...byEnd].reverse());
      expect(await order(side, "lastApproval", "asc")).toEqual(byLastApproval);
      expect(await order(side, "lastApproval", "desc")).toEqual([...byLastApproval].reverse());
    }
  });

  it("pages the same way: one environment's list, and the export's chunks", async () => {
    for (const sort of SORTS)
      for (const dir of ["asc", "desc"] as const) {
        const chunks = async ({ m, db }: Side) => {
          const iterator = m.list.iterateTenantDelegations(
            db,
            await lookups({ m, db }).actorOf("ava"),
            { ...m.list.EVERY_DELEGATION, sort, dir },
            NOW,
            3,
          )!;
          const all = [];
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) all.push(next.value);
          return all;
        };
        const onSqlite = await chunks(sqlite);
        expect(onSqlite.map((chunk) => chunk.length)).toEqual([3, 3, 2]);
        expect(await chunks(pg)).toEqual(onSqlite);
        const environmentList = async (side: Side) =>
          side.m.list.listEnvironmentDelegations(
            side.db,
            (await side.m.environments.findEnvironmentPage(
              side.db,
              await lookups(side).actorOf("ava"),
              "production",
              "roles",
              NOW,
            ))!,
            { ...side.m.list.EVERY_DELEGATION, sort, dir },
            NOW,
          );
        expect(await environmentList(pg)).toEqual(await environmentList(sqlite));
      }
  });

  it("reads approvals through the partial index on PostgreSQL too", async () => {
    const { rows } = pg.m.sql.delegationsSql(
      pg.db,
      { ...pg.m.list.EVERY_DELEGATION, unusedForDays: 30, sort: "lastApproval" },
      { now: NOW, usageSince: SEEDED_AT, expiringBefore: null, unusedSince: SEEDED_AT },
    );
    const { sql: text, params } = rows.toSQL();
    const client = await (await import("@/db/pg/portal")).poolOf(pg.db).connect();
    try {
      // On a table this small a scan is cheapest; without it, the planner shows which index it may use.
      await client.query("set enable_seqscan = off");
      const plan = (await client.query<{ "QUERY PLAN": string }>(`explain ${text}`, params)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan.match(/audit_events_dma_approvals_ix/g)?.length).toBeGreaterThanOrEqual(3);
      expect(plan).not.toMatch(/audit_events_(env_seq|action_seq|actor_seq|target_seq|at)_ix|Seq Scan on audit_events/);
    } finally {
      await client.query("reset enable_seqscan");
      client.release();
    }
  });
});

describe("the last approval of each holder, on both dialects", () => {
  it("is the same newest approval since the assignment, in the holder's environment", async () => {
    const answers = async (side: Side) => {
      const { dirId, envId } = lookups(side);
      const holder = async (alias: string, slug: string, assignedAt: string) => ({
        directoryUserId: await dirId(alias),
        environmentId: await envId(slug),
        assignedAt: at(assignedAt),
      });
      const found = await side.m.lastApproval.lastApprovals(side.db, [
        await holder("dana", "production", "2026-11-02T09:00"),
        await holder("sam", "production", "2026-11-02T09:05"),
        await holder("sam", "sandbox", "2026-11-03T09:00"),
        // Any approval counts here, a Global Administrator's too.
        await holder("ava", "production", "2026-11-05T09:05"),
        await holder("bob", "sandbox", "2026-11-04T09:00"),
        // Assigned after the last approval there: none since.
        await holder("sam", "production", "2026-12-01T00:00"),
        await holder("dana", "sandbox", "2026-11-01T00:00"),
      ]);
      // By alias rather than id, so the two dialects' answers compare whatever their ids.
      return Object.fromEntries(
        await Promise.all(
          ["dana:production", "sam:production", "sam:sandbox", "ava:production", "bob:sandbox", "dana:sandbox"].map(
            async (key) => {
              const [alias, slug] = key.split(":") as [string, string];
              const id = side.m.lastApproval.holderKey({
                directoryUserId: await dirId(alias),
                environmentId: await envId(slug),
              });
              return [key, found.get(id)];
            },
          ),
        ),
      );
    };
    const onPg = await answers(pg);
    expect(onPg).toEqual(await answers(sqlite));
    expect(onPg).toEqual({
      // Her rejection on the 12th is no approval.
      "dana:production": at("2027-03-10T10:00"),
      "sam:production": at("2026-11-10T10:00"),
      "sam:sandbox": at("2027-02-01T10:00"),
      "ava:production": at("2027-03-01T10:00"),
      "bob:sandbox": null,
      "dana:sandbox": null,
    });
  });
});
