import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import {
  appendAuditEvent,
  appendAuditEvents,
  canonicalEvent,
  chainHash,
  changedFields,
  GENESIS_HASH,
  NO_ORIGIN,
  type AuditInput,
} from "./log";
import { legacyHash } from "./chain";
import { verifyAuditLog } from "./";

let db: Db;
let dispose: () => Promise<void>;
beforeEach(async () => ({ db, dispose } = await createTestDb()));
afterEach(() => dispose());

const append = async (action: string) =>
  await withTransaction(db, (tx) =>
    appendAuditEvent(tx, {
      action,
      actor: { id: 7, upn: "sam@contoso.com" },
      environmentId: 1,
      target: { type: "mailbox", id: 3, label: "Nina Novak" },
      before: { status: 2 },
      after: { status: 1 },
      origin: NO_ORIGIN,
    }),
  );

describe("the audit log", () => {
  it("numbers events 1, 2, 3 and chains each hash to the previous one", async () => {
    for (const action of ["A", "B", "C"]) await append(action);
    const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    rows.forEach((row, i) => {
      const { hash, prevHash, ...fields } = row;
      expect(prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash);
      expect(hash).toBe(chainHash(prevHash, fields));
    });
  });

  it("refuses to update or delete an event", async () => {
    await append("A");
    expect(() => db.$client.prepare("update audit_events set action = 'X'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("delete from audit_events").run()).toThrow(/append-only/);
  });

  it("rolls an event back with the change it belongs to", async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await appendAuditEvent(tx, { action: "Doomed", actor: null, origin: NO_ORIGIN });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.select().from(auditEvents)).toHaveLength(0);
  });

  it("keeps only the fields that changed for before and after", () => {
    expect(changedFields({ a: 1, b: "x", c: null }, { a: 1, b: "y", c: null })).toEqual({
      before: { b: "x" },
      after: { b: "y" },
    });
  });
});

describe("appending a batch through the prepared insert", () => {
  const at = new Date("2026-03-01T12:34:56.789Z");
  const appendBatch = async (inputs: AuditInput[]) => await withTransaction(db, (tx) => appendAuditEvents(tx, inputs));

  const goldenBatch = (): AuditInput[] => [
    {
      action: "MailboxApproved",
      actor: { id: 7, upn: "sam@contoso.com" },
      environmentId: 3,
      target: { type: "mailbox", id: 42, label: "Zoë Ñúñez <zoe@contoso.com>" },
      before: { emailStatus: "Pending Approval" },
      after: { emailStatus: "Approved", approvedBy: 'Sam "The" Sato' },
      origin: { clientIp: "10.0.0.1", userAgent: "Mozilla/5.0" },
      at,
    },
    { action: "SignInFailed", actor: null, reason: "INVALID_CREDENTIALS", origin: NO_ORIGIN, at },
    {
      action: "UserCreated",
      actor: null,
      target: { type: "directoryUser", id: "9", label: "x" },
      after: { upn: "x@contoso.com", n: [1, null, { a: true }] },
      origin: { clientIp: "::1", userAgent: null },
      at,
    },
  ];

  it("hashes events with HMAC-SHA-256 under the key, byte for byte", async () => {
    await appendBatch(goldenBatch());
    // HMAC-SHA-256 with vitest.config's test key, checked independently with `openssl dgst -sha256 -hmac`.
    expect(db.$client.prepare("select hash from audit_events order by seq").pluck().all()).toEqual([
      "5e91b2882bc98d23efd0268dcee136eaaca2e631c58b73762d630e24c2c26611",
      "ebf9050b42f5d1124058bffca58ef4e7f6af4bc4b872a8a9008b4e1fe69c3874",
      "1ac481939680cabcc55fa79ae2fda8fe258946fe7bd93e506b4abfc75f1701f3",
    ]);
    expect(db.$client.prepare("select at from audit_events where seq = 1").pluck().get()).toBe(at.getTime());
  });

  it("still reproduces the unkeyed hashes of logs written before keys, for their old events", async () => {
    await appendBatch(goldenBatch());
    const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
    // Recorded from the implementation before issue 7; existing logs' old events depend on them.
    let prev = GENESIS_HASH;
    expect(rows.map((row) => (prev = legacyHash(prev, canonicalEvent(row))))).toEqual([
      "54a976301742075c4f5fe9d88e712a8bc2388efaa90eeede8263e5a8a3955ccf",
      "19999f92cf01034ca4476493c10e7334a2746ff818aa32b1fb9bbc7e1b7fd4fb",
      "3730599009a0ded8bed759bfd1f797d9861c770f2f0fa9327a64e3f8f8ed8634",
    ]);
  });

  it("continues the chain from its head, and the whole log still verifies", async () => {
    await append("Before");
    const batch = Array.from({ length: 1200 }, (_, i): AuditInput => ({
      action: "MailboxApproved",
      actor: { id: 7, upn: "sam@contoso.com" },
      environmentId: 1,
      target: { type: "mailbox", id: i, label: `Mailbox ${i}` },
      after: { emailStatus: "Approved" },
      origin: NO_ORIGIN,
      at,
    }));
    expect(await appendBatch(batch)).toBe(1201);
    const second = (await first(db.select().from(auditEvents).where(eq(auditEvents.seq, 2)).limit(1)))!;
    expect(second.prevHash).toBe(
      (await first(db.select().from(auditEvents).where(eq(auditEvents.seq, 1)).limit(1)))!.hash,
    );
    expect(await verifyAuditLog(db.$client.name)).toMatchObject({ intact: true, events: 1201, problems: [] });
  });

  it("stores what it hashed when a text holds a lone surrogate (a JSON body can send one), so the log still verifies", async () => {
    // UTF-8 has no lone surrogates: stored, one becomes U+FFFD, so the event is hashed with U+FFFD too.
    await withTransaction(db, (tx) =>
      appendAuditEvent(tx, {
        action: "MailboxRejected",
        actor: { id: 7, upn: "sam\udc00@contoso.com" },
        target: { type: "mailbox", id: 3, label: "Nina \ud800 Novak" },
        after: { rejectionReason: "bad \ud800 name" },
        reason: "bad \ud800 name",
        origin: NO_ORIGIN,
      }),
    );
    const row = (await first(db.select().from(auditEvents).limit(1)))!;
    expect([row.reason, row.targetLabel, row.actorUpn]).toEqual([
      "bad \ufffd name",
      "Nina \ufffd Novak",
      "sam\ufffd@contoso.com",
    ]);
    expect(await verifyAuditLog(db.$client.name)).toMatchObject({ intact: true, events: 1, problems: [] });
  });

  it("writes none of a batch when its transaction rolls back", async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await appendAuditEvents(tx, [
          { action: "A", actor: null, origin: NO_ORIGIN },
          { action: "B", actor: null, origin: NO_ORIGIN },
        ]);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.select().from(auditEvents)).toHaveLength(0);
  });
});
