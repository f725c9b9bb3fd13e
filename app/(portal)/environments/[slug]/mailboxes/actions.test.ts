import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import type { Actor } from "@/lib/policy/actor";
import { demoLookups } from "@/lib/services/testing/demo-lookups";

// The actions as a replayed request reaches them, against a seeded database: only who is signed in
// and Next's cache are stand-ins.
const state = vi.hoisted(() => ({ db: null as unknown as Db, actor: null as unknown as Actor }));
vi.mock("@/db/client", async (original) => ({ ...(await original<object>()), getDb: () => state.db }));
vi.mock("@/lib/auth/current-actor", () => ({
  getActor: async () => state.actor,
  getOrigin: async () => ({ clientIp: null, userAgent: "unit" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { precheckAction, runApprovalAction } = await import("./actions");
const { runMailboxCommandAction } = await import("./command-actions");
const { addMeAsSystemAdministratorAction } = await import("../actions");
const { addUserAction } = await import("../users/actions");

let dispose: () => Promise<void>;
const { one, PROD, actorOf, dirId } = demoLookups(() => state.db);
const UNKNOWN = 999_999_999;
const ninaMailbox = async () =>
  await one<{ id: number; version: number; email_status: number }>(
    "select m.id, m.version, m.email_status from mailboxes m where m.email_address = 'nina@contoso.com'",
  );
const auditCount = async () => (await one<{ n: number }>("select count(*) as n from audit_events")).n;
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
};

beforeAll(async () => {
  let db: Db;
  ({ db, dispose } = await createTestDb({ demo: true }));
  state.db = db;
});
afterAll(() => dispose());
beforeEach(async () => {
  state.actor = await actorOf("ava");
});

describe("approval and mailbox commands, as replayed requests", () => {
  it("one mailbox named twice in one approval is approved once: no error, one audit event", async () => {
    // A Global Administrator approves once System Administrator of the environment.
    expect(
      await addMeAsSystemAdministratorAction(
        { status: "idle" },
        form({ slug: "production", environmentId: String(await PROD()) }),
      ),
    ).toMatchObject({ status: "done" });
    state.actor = await actorOf("ava");
    const { id, version } = await ninaMailbox();
    const events = await auditCount();
    const selection = { slug: "production", environmentId: await PROD(), operation: "approve" as const };
    const precheck = await precheckAction({
      ...selection,
      items: [
        { id, version },
        { id, version },
      ],
    });
    if ("ok" in precheck) throw new Error(precheck.message);
    expect(precheck.willChange).toBe(1);
    const run = await runApprovalAction({ ...selection, snapshotId: precheck.snapshotId });
    expect(run).toMatchObject({ ok: true, outcomes: [{ id, outcome: "changed" }] });
    expect((await ninaMailbox()).email_status).toBe(1);
    expect(await auditCount()).toBe(events + 1);
  });

  it("an unknown environment is not found, even for a background-sized selection", async () => {
    const events = await auditCount();
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, version: 1 }));
    expect(await precheckAction({ slug: "nowhere", environmentId: UNKNOWN, items, operation: "reject" })).toMatchObject(
      { ok: false, code: "NOT_FOUND" },
    );
    expect(
      await runMailboxCommandAction({ slug: "nowhere", environmentId: UNKNOWN, items, command: "activate" }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await auditCount()).toBe(events);
  });

  it.each([
    ["view=__proto__", { matching: { view: "__proto__", q: "" } }],
    ["a search of 201 characters", { matching: { view: "pending", q: "q".repeat(201) } }],
    ["100,001 rows", { items: Array.from({ length: 100_001 }, (_, i) => ({ id: i + 1, version: 1 })) }],
    ["a negative id", { items: [{ id: -1, version: 1 }] }],
    ["no environment", { environmentId: undefined }],
  ])("%s is refused as invalid input", async (_label, change) => {
    const input = {
      slug: "production",
      environmentId: await PROD(),
      operation: "approve",
      command: "activate",
      ...change,
    } as never;
    expect(await precheckAction(input)).toMatchObject({ ok: false, reason: "INVALID_INPUT" });
    expect(await runApprovalAction(input)).toMatchObject({ ok: false, reason: "INVALID_INPUT" });
    expect(await runMailboxCommandAction(input)).toMatchObject({ ok: false, reason: "INVALID_INPUT" });
  });

  it("anything but an object is refused, never thrown", async () => {
    for (const payload of [null, undefined, "items", 5, [], new FormData()]) {
      expect(await precheckAction(payload as never)).toMatchObject({ ok: false, reason: "INVALID_INPUT" });
      expect(await runMailboxCommandAction(payload as never)).toMatchObject({ ok: false, reason: "INVALID_INPUT" });
    }
  });
});

describe("a tenant admin naming an environment that does not exist", () => {
  it("is told not found on self-elevation and on adding a user, and nothing is written", async () => {
    const events = await auditCount();
    const idle = { status: "idle" as const };
    expect(
      await addMeAsSystemAdministratorAction(idle, form({ slug: "nowhere", environmentId: String(UNKNOWN) })),
    ).toMatchObject({ status: "refused", code: "NOT_FOUND" });
    expect(
      await addUserAction(
        idle,
        form({ slug: "nowhere", environmentId: String(UNKNOWN), directoryUserId: String(await dirId("bob")) }),
      ),
    ).toMatchObject({ status: "refused", code: "NOT_FOUND" });
    expect(await auditCount()).toBe(events);
  });
});
