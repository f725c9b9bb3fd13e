import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgDb, type PgDb } from "@/db/pg/client";
import { startCluster } from "@/scripts/pg-cluster.mjs";
import { appendAuditEventsPg } from "./append-postgres";
import { chainKey } from "./keys";
import { NO_ORIGIN, type AuditInput } from "./log";
import { walkPgChain } from "./walk-postgres";

// Issue 19: "the audit chain stays one chain when several app servers append at once". Two pools
// on one throw-away PostgreSQL cluster stand for two app servers; 40 transactions append at once.

describe("appending to the audit log on PostgreSQL from two app servers at once", () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  let serverA: PgDb;
  let serverB: PgDb;

  beforeAll(async () => {
    cluster = await startCluster();
    serverA = await openPgDb(cluster.url, { max: 10 });
    serverB = await openPgDb(cluster.url, { max: 10 });
  }, 120_000);
  afterAll(async () => {
    await serverA?.$client.end();
    await serverB?.$client.end();
    await cluster?.stop();
  });

  const events = (change: number): AuditInput[] =>
    Array.from({ length: 5 }, (_, i) => ({
      action: "MailboxApproved",
      actor: { id: change, upn: `approver${change}@contoso.com` },
      target: { type: "mailbox", id: change * 10 + i, label: `Mailbox ${change}.${i}` },
      after: { emailStatus: "Approved" },
      origin: NO_ORIGIN,
    }));

  it("keeps one chain: every change's events in, consecutive, each linked to the one before, the keyed hashes intact", async () => {
    const changes = Array.from({ length: 40 }, (_, change) => change + 1);
    const lastSeqs = await Promise.all(
      changes.map((change) =>
        (change % 2 ? serverA : serverB).transaction((tx) => appendAuditEventsPg(tx, events(change))),
      ),
    );

    expect(new Set(lastSeqs).size).toBe(40);
    const { rows } = await serverA.$client.query<{ seq: number; actor_id: number }>(
      "select seq, actor_id from audit_events order by seq",
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // The lock is held to the commit, so one change's five events are never interleaved with another's.
    for (let at = 0; at < 200; at += 5) expect(new Set(rows.slice(at, at + 5).map((r) => r.actor_id)).size).toBe(1);
    expect(await walkPgChain(serverB.$client, chainKey(), 1)).toMatchObject({ events: 200, headSeq: 200, fault: null });
  });

  it("leaves nothing of a change that rolls back, and the next append continues the head", async () => {
    const before = await walkPgChain(serverA.$client, chainKey(), 1);
    await expect(
      serverA.transaction(async (tx) => {
        await appendAuditEventsPg(tx, events(99));
        throw new Error("the change failed after its events");
      }),
    ).rejects.toThrow("the change failed");
    await serverB.transaction((tx) => appendAuditEventsPg(tx, events(100)));
    expect(await walkPgChain(serverA.$client, chainKey(), 1)).toMatchObject({
      events: before.events + 5,
      fault: null,
    });
  });
});
