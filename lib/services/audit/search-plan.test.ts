import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { DIALECT } from "@/db/dialect";
import { rawRows, single } from "@/db/query";
import { environments, tenants } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { withTransaction } from "@/db/transaction";
import { appendAuditEvents, NO_ORIGIN, type AuditInput } from "./log";
import { testScope } from "./testing";
import { AUDIT_PAGE_SIZE, auditPageQuery, searchAuditEvents } from "./search";

// The audit log's page "action = MailboxApproved" in one environment, after a bulk Test & Enable
// wrote thousands of newer events of another kind there (the bench's data, bench/README.md,
// "Session 17"). PostgreSQL's planner walked the whole log backwards from its newest event, reading
// every newer event first; SQLite's is steered by its own test in search.test.ts. On both dialects
// the page walks the action's index.

let db: Db;
let dispose: () => Promise<void>;
let PROD: number;
const APPROVED = 3000;
const TESTED = 9000;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  const tenant = await single(db.insert(tenants).values({ name: "Contoso Ltd", domain: "contoso.com" }).returning());
  PROD = (
    await single(
      db
        .insert(environments)
        .values({
          tenantId: tenant.id,
          name: "Production",
          slug: "production",
          type: "Production",
          createdAt: new Date(),
        })
        .returning(),
    )
  ).id;
  const event = (action: string, i: number): AuditInput => ({
    action,
    actor: { id: 7, upn: "sam@contoso.com" },
    environmentId: PROD,
    target: { type: "mailbox", id: i, label: `Mailbox ${i}` },
    origin: NO_ORIGIN,
  });
  await withTransaction(db, (tx) =>
    appendAuditEvents(tx, [
      ...Array.from({ length: APPROVED }, (_, i) => event("MailboxApproved", i)),
      ...Array.from({ length: TESTED }, (_, i) => event("MailboxTested", i)),
    ]),
  );
  // PostgreSQL plans by its statistics; SQLite by the schema and the SQL (it has none here).
  if (DIALECT === "postgresql") await rawRows(db, sql`analyze audit_events`);
}, 60_000);
afterAll(() => dispose());

const prodViewer = () => testScope({ all: false, environmentIds: [PROD], exchangeScope: false });

async function plan(): Promise<string> {
  const { sql: text, params } = (
    await auditPageQuery(db, prodViewer(), { action: "MailboxApproved" }, {}, AUDIT_PAGE_SIZE + 1)
  ).query.toSQL();
  if (DIALECT !== "postgresql")
    return (db.$client.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join("\n");
  const d = db as unknown as { $client: { query: (t: string, p: unknown[]) => Promise<{ rows: object[] }> } };
  const { rows } = await d.$client.query(`EXPLAIN ${text}`, params);
  return rows.map((r) => Object.values(r)[0]).join("\n");
}

describe("the audit log's page of one action, under many newer events of another", () => {
  it("walks the action's index, not the whole log from its newest event", async () => {
    expect(await plan()).toContain("audit_events_action_seq_ix");
  });

  it("shows the newest events of that action, newest first", async () => {
    const page = await searchAuditEvents(db, prodViewer(), { action: "MailboxApproved" });
    expect(page.rows.map((r) => r.targetId)).toEqual(
      Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => String(APPROVED - 1 - i)),
    );
    expect(page.rows.every((r) => r.action === "MailboxApproved")).toBe(true);
  });
});
