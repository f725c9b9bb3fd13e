import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { demoLookups } from "../testing/demo-lookups";
import { listEmailPreferences, saveEmailPreferences, unsubscribeWithLink } from "./preferences";
import { unsubscribeToken } from "./unsubscribe-token";

let db: Db;
let dispose: () => Promise<void>;
const { one, dirId, actorOf } = demoLookups(() => db);
const ctx = { origin: NO_ORIGIN, now: new Date("2026-11-27T12:00:00Z") };
const emailOn = async (alias: string) =>
  (await listEmailPreferences(db, await dirId(alias))).filter((p) => p.isEmailOn).map((p) => p.kind);
const events = async () =>
  (await one<{ n: number }>("select count(*) n from audit_events where action = 'NotificationPreferencesChanged'")).n;

beforeAll(async () => {
  process.env.AUTH_SECRET = "unit-test-auth-secret-0123456789abcdef";
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, ctx.now);
});
afterAll(() => dispose());

describe("email preferences", () => {
  it("every kind is on until turned off; a save changes only the kinds the form showed, audited", async () => {
    expect(await emailOn("bob")).toHaveLength(8);
    const result = await saveEmailPreferences(
      db,
      await actorOf("bob"),
      { shown: ["approval-digest", "mailbox-decision"], emailOn: ["mailbox-decision"] },
      ctx,
    );
    expect(result).toMatchObject({ ok: true, message: "Your email preferences are saved." });
    expect(await emailOn("bob")).not.toContain("approval-digest");
    expect(await emailOn("bob")).toHaveLength(7);
    expect(await events()).toBe(1);
    expect(
      await saveEmailPreferences(
        db,
        await actorOf("bob"),
        { shown: ["mailbox-decision"], emailOn: ["mailbox-decision"] },
        ctx,
      ),
    ).toMatchObject({ ok: true, message: "Nothing changed." });
    expect(await events()).toBe(1);
  });

  it("the one-click link turns off the kind it names for the person it names, and nobody else's", async () => {
    const token = unsubscribeToken(await dirId("sam"), "approval-requested");
    expect(
      await unsubscribeWithLink(db, { recipientId: await dirId("sam"), kind: "approval-requested", token }, ctx),
    ).toMatchObject({
      ok: true,
      label: "Owners asking you to approve their mailbox",
    });
    expect(await emailOn("sam")).not.toContain("approval-requested");
    // The same token for another person or another kind is not a link of ours.
    expect(
      await unsubscribeWithLink(db, { recipientId: await dirId("dana"), kind: "approval-requested", token }, ctx),
    ).toMatchObject({ ok: false, reason: "NOT_VISIBLE" });
    expect(
      await unsubscribeWithLink(db, { recipientId: await dirId("sam"), kind: "approval-digest", token }, ctx),
    ).toMatchObject({
      ok: false,
      reason: "NOT_VISIBLE",
    });
    expect(await emailOn("dana")).toHaveLength(8);
  });
});
