import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { appendAuditEvent, chainHash, changedFields, GENESIS_HASH, NO_ORIGIN } from "./audit-log";

let db: Db;
let dispose: () => void;
beforeEach(() => ({ db, dispose } = createTestDb()));
afterEach(() => dispose());

const append = (action: string) =>
  db.transaction((tx) => appendAuditEvent(tx, { action, actor: { id: 7, upn: "sam@contoso.com" }, environmentId: 1, target: { type: "mailbox", id: 3, label: "Nina Novak" }, before: { status: 2 }, after: { status: 1 }, origin: NO_ORIGIN }), { behavior: "immediate" });

describe("the audit log", () => {
  it("numbers events 1, 2, 3 and chains each hash to the previous one", () => {
    ["A", "B", "C"].forEach(append);
    const rows = db.select().from(auditEvents).orderBy(auditEvents.seq).all();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    rows.forEach((row, i) => {
      const { hash, prevHash, ...fields } = row;
      expect(prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
      expect(hash).toBe(chainHash(prevHash, fields));
    });
  });

  it("refuses to update or delete an event", () => {
    append("A");
    expect(() => db.$client.prepare("update audit_events set action = 'X'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("delete from audit_events").run()).toThrow(/append-only/);
  });

  it("rolls an event back with the change it belongs to", () => {
    expect(() =>
      db.transaction((tx) => {
        appendAuditEvent(tx, { action: "Doomed", actor: null, origin: NO_ORIGIN });
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    expect(db.select().from(auditEvents).all()).toHaveLength(0);
  });

  it("keeps only the fields that changed for before and after", () => {
    expect(changedFields({ a: 1, b: "x", c: null }, { a: 1, b: "y", c: null })).toEqual({ before: { b: "x" }, after: { b: "y" } });
  });
});
