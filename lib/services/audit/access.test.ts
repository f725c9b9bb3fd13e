import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import { exportAuditEvents, openAuditLog, verifyAuditLogAs } from "./access";
import { appendAuditEvent } from "./log";
import { listTargetEvents } from "./queries";
import { event } from "./testing";

let db: Db;
let dispose: () => Promise<void>;
const { actorOf, envId } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await appendAuditEvent(db, { ...event("SettingChanged", 1), environmentId: await envId("production") });
  await appendAuditEvent(db, { ...event("SettingChanged", 2), environmentId: await envId("sandbox") });
});
afterAll(() => dispose());

describe("what a viewer may read of the audit log", () => {
  it("refuses someone who may see no event, with the rule's reason, in the page, Verify and every reader alike", async () => {
    expect(openAuditLog(await actorOf("bob"), now)).toMatchObject({ ok: false, reason: "NOT_PERMITTED" });
    expect(await verifyAuditLogAs(db, await actorOf("bob"), now)).toMatchObject({ ok: false, reason: "NOT_PERMITTED" });
    const target = { environmentId: await envId("production"), targetType: "mailbox", targetId: 1 };
    expect(await listTargetEvents(db, await actorOf("bob"), now, target)).toBeNull();
    expect((await listTargetEvents(db, await actorOf("ava"), now, target))?.map((e) => e.action)).toEqual([
      "SettingChanged",
    ]);
  });

  it("exports only the viewer's scope: a System Administrator of Production, Production's events", async () => {
    const log = openAuditLog(await actorOf("dana"), now);
    if (!log.ok) throw new Error(log.message);
    const { events, environmentNames, close } = await exportAuditEvents(db, log.scope, { action: "SettingChanged" });
    try {
      const exported = [];
      for await (const event of events) exported.push(event);
      expect(exported.map((e) => e.environmentId)).toEqual([await envId("production")]);
      expect([...environmentNames.values()]).toEqual(["Contoso Production"]);
    } finally {
      await close();
    }
  });

  it("verifies the log for whoever may open it", async () => {
    expect(await verifyAuditLogAs(db, await actorOf("sam"), now)).toMatchObject({
      ok: true,
      verdict: { intact: true },
    });
  });
});
