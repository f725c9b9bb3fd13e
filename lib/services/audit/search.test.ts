import { openSnapshot } from "@/db/snapshot";
import { single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { directoryUsers, environments, tenants } from "@/db/schema";
import { isInAuditScope, type AuditScope } from "@/lib/policy/audit-visibility";
import { appendAuditEvent, type AuditInput } from "./log";
import { testScope } from "./testing";
import {
  AUDIT_PAGE_SIZE,
  auditPageQuery,
  getAuditEvent,
  listAuditActions,
  listAuditEnvironments,
  listAuditTargetTypes,
  searchAuditEvents,
  streamAuditEvents,
  type AuditFilters,
} from "./search";

let db: Db;
let dispose: () => Promise<void>;
let PROD: number;
let SANDBOX: number;
let AVA: { id: number; upn: string };
const SAM = { id: 900, upn: "sam@contoso.com" };

beforeEach(async () => {
  ({ db, dispose } = await createTestDb());
  const now = new Date();
  const tenant = await single(db.insert(tenants).values({ name: "Contoso Ltd", domain: "contoso.com" }).returning());
  const env = async (name: string, slug: string) =>
    (
      await single(
        db
          .insert(environments)
          .values({ tenantId: tenant.id, name, slug, type: "Production", createdAt: now })
          .returning(),
      )
    ).id;
  PROD = await env("Contoso Production", "production");
  SANDBOX = await env("Contoso Sandbox", "sandbox");
  const ava = await single(
    db
      .insert(directoryUsers)
      .values({ tenantId: tenant.id, upn: "ava@contoso.com", displayName: "Ava Alvarez", createdAt: now })
      .returning(),
  );
  AVA = { id: ava.id, upn: ava.upn };
});
afterEach(() => dispose());

const ALL = testScope({ all: true });
const prodAdmin = () => testScope({ all: false, environmentIds: [PROD], exchangeScope: false });
const exchangeAdmin = testScope({ all: false, environmentIds: [], exchangeScope: true });
const NOBODY = testScope({ all: false, environmentIds: [], exchangeScope: false });

async function add(input: Partial<AuditInput> & { action: string }): Promise<number> {
  return await withTransaction(db, (tx) =>
    appendAuditEvent(tx, { actor: AVA, origin: { clientIp: "10.0.0.1", userAgent: "test" }, ...input }),
  );
}

/** Many events in one transaction: one commit instead of one each. */
async function addMany(count: number, input: (i: number) => Partial<AuditInput> & { action: string }) {
  await withTransaction(db, async (tx) => {
    for (let i = 0; i < count; i++)
      await appendAuditEvent(tx, { actor: AVA, origin: { clientIp: null, userAgent: null }, ...input(i) });
  });
}

const seqs = async (scope: AuditScope, filters: AuditFilters = {}) =>
  (await searchAuditEvents(db, scope, filters)).rows.map((r) => r.seq);

/** A small log with one of each kind of event; returns each event's seq by name. */
async function addMixedEvents() {
  const at = (day: number) => new Date(Date.UTC(2026, 2, day, 12));
  return {
    signIn: await add({
      action: "SignInSucceeded",
      target: { type: "directoryUser", id: AVA.id, label: AVA.upn },
      at: at(1),
    }),
    delegation: await add({
      action: "RoleAssigned",
      environmentId: PROD,
      target: { type: "environmentUser", id: 5, label: "Drew Davis <user34@contoso.com>" },
      after: { role: "Delegated Mailbox Approver", justification: "Covers 100% of onboarding" },
      reason: "Covers 100% of onboarding",
      at: at(2),
    }),
    sandboxElevation: await add({
      action: "ApplyAdminRole",
      environmentId: SANDBOX,
      target: { type: "environmentUser", id: 9, label: "Paula Park <paula@contoso.com>" },
      after: { role: "System Administrator" },
      at: at(3),
    }),
    sandboxMailbox: await add({
      action: "MailboxApproved",
      environmentId: SANDBOX,
      target: { type: "mailbox", id: 3, label: "Bob Brown" },
      before: { status: "Pending Approval" },
      after: { status: "Approved" },
      at: at(4),
    }),
    sandboxTeam: await add({
      action: "TeamMemberAdded",
      actor: SAM,
      environmentId: SANDBOX,
      target: { type: "team", id: 2, label: "Mail Admins" },
      at: at(5),
    }),
    prodUser: await add({
      action: "UserAddedToEnvironment",
      actor: SAM,
      environmentId: PROD,
      target: { type: "environmentUser", id: 6, label: "Nina Novak <nina@contoso.com>" },
      at: at(6),
    }),
    tenantRole: await add({
      action: "TenantRoleAssigned",
      target: { type: "directoryUser", id: 4, label: "evan@contoso.com" },
      after: { role: "exchange_admin" },
      reason: "1000 mailboxes",
      at: at(7),
    }),
  };
}

describe("searching the audit log", () => {
  it("pages newest first by keyset, and the Newer link leads back", async () => {
    await addMany(120, () => ({ action: "SignInSucceeded" }));
    const first = await searchAuditEvents(db, ALL, {});
    expect(first.rows.map((r) => r.seq)).toEqual(range(120, 71));
    expect(first).toMatchObject({ olderCursor: 71, newerCursor: null });
    const second = await searchAuditEvents(db, ALL, {}, { before: 71 });
    expect(second.rows.map((r) => r.seq)).toEqual(range(70, 21));
    expect(second).toMatchObject({ olderCursor: 21, newerCursor: 70 });
    const last = await searchAuditEvents(db, ALL, {}, { before: 21 });
    expect(last.rows.map((r) => r.seq)).toEqual(range(20, 1));
    expect(last.olderCursor).toBeNull();

    expect(await searchAuditEvents(db, ALL, {}, { after: 20 })).toEqual(second);
    const newest = await searchAuditEvents(db, ALL, {}, { after: 70 });
    expect(newest.rows.map((r) => r.seq)).toEqual(range(120, 71));
    expect(newest).toMatchObject({ olderCursor: 71, newerCursor: null });
    expect(AUDIT_PAGE_SIZE).toBe(50);
  });

  it("filters by actor: an exact UPN means that person, anything else part of the UPN", async () => {
    const e = await addMixedEvents();
    expect(await seqs(ALL, { actor: "AVA@contoso.com" })).toEqual([
      e.tenantRole,
      e.sandboxMailbox,
      e.sandboxElevation,
      e.delegation,
      e.signIn,
    ]);
    expect(await seqs(ALL, { actor: "sam@" })).toEqual([e.prodUser, e.sandboxTeam]);
    expect(await seqs(ALL, { actor: "nobody@contoso.com" })).toEqual([]);
  });

  it("filters by exact action, environment, target type and target label", async () => {
    const e = await addMixedEvents();
    expect(await seqs(ALL, { action: "ApplyAdminRole" })).toEqual([e.sandboxElevation]);
    expect(await seqs(ALL, { action: "Apply" })).toEqual([]);
    expect(await seqs(ALL, { environmentId: SANDBOX })).toEqual([e.sandboxTeam, e.sandboxMailbox, e.sandboxElevation]);
    expect(await seqs(ALL, { targetType: "mailbox" })).toEqual([e.sandboxMailbox]);
    expect(await seqs(ALL, { target: "user34@" })).toEqual([e.delegation]);
    expect(await seqs(ALL, { targetType: "environmentUser", target: "park" })).toEqual([e.sandboxElevation]);
    expect(await seqs(ALL, { targetType: "environmentUser", targetId: 6 })).toEqual([e.prodUser]);
  });

  it("filters by date: from is inclusive, to is exclusive", async () => {
    const e = await addMixedEvents();
    expect(
      await seqs(ALL, { from: new Date(Date.UTC(2026, 2, 3, 12)), to: new Date(Date.UTC(2026, 2, 5, 12)) }),
    ).toEqual([e.sandboxMailbox, e.sandboxElevation]);
    expect(await seqs(ALL, { from: new Date(Date.UTC(2026, 2, 6)) })).toEqual([e.tenantRole, e.prodUser]);
    expect(await seqs(ALL, { to: new Date(Date.UTC(2026, 2, 2)) })).toEqual([e.signIn]);
  });

  it("a wide date range, read by walking seq rather than the date index, gives the same answer", async () => {
    const start = Date.UTC(2025, 0, 1);
    // Searching ignores the hashes, so plain inserts will do (thousands through the chain would be
    // slow); each still links to the one before, as the insert trigger demands.
    const insert = db.$client.prepare(
      "INSERT INTO audit_events (seq, at, action, prev_hash, hash) VALUES (?, ?, 'SignInSucceeded', ?, ?)",
    );
    db.$client.transaction(() => {
      for (let i = 0; i < 8_000; i++) insert.run(i + 1, start + i * 60_000, i ? `h${i}` : "0".repeat(64), `h${i + 1}`);
    })();
    const minute = (i: number) => new Date(start + i * 60_000);
    const wide = await searchAuditEvents(db, ALL, { from: minute(100), to: minute(7_900) });
    expect(wide.rows.map((r) => r.seq)).toEqual(range(7_900, 7_851));
    expect(
      (await searchAuditEvents(db, ALL, { from: minute(100), to: minute(7_900) }, { before: 200 })).rows.map(
        (r) => r.seq,
      ),
    ).toEqual(range(199, 150));
    expect(await seqs(ALL, { from: minute(7_990), to: minute(7_995) })).toEqual(range(7_995, 7_991));
    expect(await seqs(ALL, { to: minute(3) })).toEqual([3, 2, 1]);
  });

  it("finds free text in the action, actor, target, reason and before/after, with % and _ taken literally", async () => {
    const e = await addMixedEvents();
    expect(await seqs(ALL, { q: "100%" })).toEqual([e.delegation]);
    expect(await seqs(ALL, { q: "1000" })).toEqual([e.tenantRole]);
    expect(await seqs(ALL, { q: "pending approval" })).toEqual([e.sandboxMailbox]);
    expect(await seqs(ALL, { q: "Mail Admins" })).toEqual([e.sandboxTeam]);
    expect(await seqs(ALL, { q: "sam@contoso" })).toEqual([e.prodUser, e.sandboxTeam]);
    expect(await seqs(ALL, { q: "ApplyAdmin" })).toEqual([e.sandboxElevation]);
    expect(await seqs(ALL, { q: "exchange_admin" })).toEqual([e.tenantRole]);
    expect(await seqs(ALL, { q: "exchange_" })).toEqual([e.tenantRole]);
    expect(await seqs(ALL, { q: "a_a" })).toEqual([]);
  });

  it("combines filters with the viewer's scope", async () => {
    const e = await addMixedEvents();
    expect(await seqs(exchangeAdmin, { environmentId: SANDBOX })).toEqual([
      e.sandboxTeam,
      e.sandboxMailbox,
      e.sandboxElevation,
    ]);
    expect(await seqs(prodAdmin(), { action: "ApplyAdminRole" })).toEqual([]);
    expect(await seqs(prodAdmin(), { environmentId: SANDBOX })).toEqual([]);
  });
});

describe("who sees which events", () => {
  it("an environment's System Administrator does not see the other environment's events", async () => {
    const e = await addMixedEvents();
    expect(await seqs(prodAdmin())).toEqual([e.prodUser, e.delegation]);
  });

  it("an Exchange Administrator sees role, team-membership, delegation and mailbox events of every environment, nothing else", async () => {
    const e = await addMixedEvents();
    expect(await seqs(exchangeAdmin)).toEqual([e.sandboxTeam, e.sandboxMailbox, e.sandboxElevation, e.delegation]);
  });

  it("an Exchange Administrator sees access review events, also those spanning environments; a System Administrator only their environment's", async () => {
    const started = await add({ action: "AccessReviewStarted", target: { type: "accessReview", id: 1, label: "Q4" } });
    const answered = await add({ action: "AccessReviewAnswered", environmentId: PROD });
    await add({ action: "TenantRoleAssigned", target: { type: "directoryUser", id: 2, label: "evan@contoso.com" } });
    expect(await seqs(exchangeAdmin)).toEqual([answered, started]);
    expect(await seqs(prodAdmin())).toEqual([answered]);
  });

  it("an empty scope sees nothing", async () => {
    await addMixedEvents();
    expect(await seqs(NOBODY)).toEqual([]);
  });

  it("the SQL agrees with the policy's meaning of every scope, for every kind of event", async () => {
    await addMixedEvents();
    const rows = (await searchAuditEvents(db, ALL, {})).rows;
    const scopes: AuditScope[] = [
      ALL,
      prodAdmin(),
      exchangeAdmin,
      NOBODY,
      testScope({ all: false, environmentIds: [PROD, SANDBOX], exchangeScope: false }),
      testScope({ all: false, environmentIds: [SANDBOX], exchangeScope: true }),
    ];
    for (const scope of scopes) {
      expect(await seqs(scope)).toEqual(rows.filter((r) => isInAuditScope(scope, r)).map((r) => r.seq));
    }
  });

  it("one event is found only within the viewer's scope", async () => {
    const e = await addMixedEvents();
    expect(await getAuditEvent(db, prodAdmin(), e.delegation)).toMatchObject({
      seq: e.delegation,
      action: "RoleAssigned",
      reason: "Covers 100% of onboarding",
    });
    expect(await getAuditEvent(db, prodAdmin(), e.sandboxElevation)).toBeNull();
    expect(await getAuditEvent(db, ALL, 999)).toBeNull();
  });

  it("offers each viewer only the environments they may filter by", async () => {
    expect((await listAuditEnvironments(db, prodAdmin())).map((env) => env.name)).toEqual(["Contoso Production"]);
    expect((await listAuditEnvironments(db, exchangeAdmin)).map((env) => env.name)).toEqual([
      "Contoso Production",
      "Contoso Sandbox",
    ]);
  });

  it("lists the distinct actions and target types recorded", async () => {
    expect(await listAuditActions(db)).toEqual([]);
    await addMixedEvents();
    await add({ action: "SignInSucceeded" });
    expect(await listAuditActions(db)).toEqual([
      "ApplyAdminRole",
      "MailboxApproved",
      "RoleAssigned",
      "SignInSucceeded",
      "TeamMemberAdded",
      "TenantRoleAssigned",
      "UserAddedToEnvironment",
    ]);
    expect(await listAuditTargetTypes(db)).toEqual(["directoryUser", "environmentUser", "mailbox", "team"]);
  });
});

describe("streaming for export", () => {
  const all = async <T>(rows: AsyncIterable<T>) => {
    const found: T[] = [];
    for await (const row of rows) found.push(row);
    return found;
  };

  it("yields the same events as the pages, newest first, as full rows, past a page of its own", async () => {
    await addMany(2_130, (i) => ({
      action: i % 2 ? "RoleAssigned" : "SignInSucceeded",
      environmentId: i % 2 ? PROD : null,
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    }));
    const snapshot = await openSnapshot(db);
    try {
      const streamed = await all(streamAuditEvents(snapshot.db, prodAdmin(), { action: "RoleAssigned" }));
      expect(streamed.map((r) => r.seq)).toEqual(range(2_130, 1).filter((s) => s % 2 === 0));
      const paged = (await searchAuditEvents(db, prodAdmin(), { action: "RoleAssigned" })).rows;
      expect(streamed.slice(0, paged.length)).toEqual(paged);
      expect(streamed[0]!.at).toBeInstanceOf(Date);
      const from = new Date(Date.UTC(2026, 0, 1) + 2_120 * 60_000);
      expect((await all(streamAuditEvents(snapshot.db, ALL, { from }))).map((r) => r.seq)).toEqual(range(2_130, 2_121));
    } finally {
      await snapshot.close();
    }
  });

  it("streams from one snapshot on its own connection, while the app keeps writing", async () => {
    await addMixedEvents();
    const snapshot = await openSnapshot(db);
    try {
      const rows = streamAuditEvents(snapshot.db, ALL, {});
      const first = await rows.next();
      const during = await add({ action: "SignInSucceeded" });
      const rest = await all(rows);
      expect([first.value!, ...rest].map((r) => r.seq)).toEqual(range(during - 1, 1));
    } finally {
      await snapshot.close();
    }
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: from - to + 1 }, (_, i) => from - i);
}

describe("the page's plan", () => {
  /** What SQLite will do for a page (statistics or not, it decides by the schema and the SQL). */
  const plan = async (scope: AuditScope, filters: AuditFilters, cursor = {}) => {
    const query = (await auditPageQuery(db, scope, filters, cursor, AUDIT_PAGE_SIZE + 1)).query.toSQL();
    return (db.$client.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]).map(
      (r) => r.detail,
    );
  };

  it("walks the filter's index when a System Administrator filters by action, actor or one target", async () => {
    // Walking the environment's index instead reads every newer event of the environment until 50
    // match: 110,000 rows after a bulk Test & Enable, on the bench's "action = MailboxApproved".
    expect(await plan(prodAdmin(), { action: "MailboxApproved" })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_action_seq_ix (action=?)",
    ]);
    expect(await plan(prodAdmin(), { action: "MailboxApproved" }, { before: 500 })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_action_seq_ix (action=? AND seq<?)",
    ]);
    expect(await plan(prodAdmin(), { action: "MailboxApproved" }, { after: 500 })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_action_seq_ix (action=? AND seq>?)",
    ]);
    expect(await plan(prodAdmin(), { actor: AVA.upn })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_actor_seq_ix (actor_id=?)",
    ]);
    expect(await plan(prodAdmin(), { targetType: "mailbox", targetId: 7 })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_target_seq_ix (target_type=? AND target_id=?)",
    ]);
    // Refused attempts are rare: all of them sorted costs less than walking the environment for them.
    expect(await plan(prodAdmin(), { isRefused: true })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_action_seq_ix (action=?)",
      "USE TEMP B-TREE FOR ORDER BY",
    ]);
  });

  it("walks the environment's index without such a filter", async () => {
    expect(await plan(prodAdmin(), {})).toEqual([
      "SEARCH audit_events USING INDEX audit_events_env_seq_ix (environment_id=?)",
    ]);
    // A target type's index is in seq order only within one target.
    expect(await plan(prodAdmin(), { targetType: "mailbox" })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_env_seq_ix (environment_id=?)",
    ]);
    expect(await plan(prodAdmin(), { actor: "nobody-by-this-name" })).toEqual([
      "SEARCH audit_events USING INDEX audit_events_env_seq_ix (environment_id=?)",
    ]);
  });
});
