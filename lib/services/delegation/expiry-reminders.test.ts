import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instant } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { NO_ORIGIN } from "../audit/log";
import { countUnread, listNotifications, markNotificationsRead } from "../notifications/inbox";
import { demoLookups } from "../testing/demo-lookups";
import { sendExpiryReminders } from "./expiry-reminders";
import { delegateMailboxApprover } from "./role-assignments";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run, dirId, envUserId, actorOf, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

async function delegate(admin: string, alias: string, endsAt: Date) {
  const result = await delegateMailboxApprover(
    db,
    await actorOf(admin),
    {
      environmentId: await PROD(),
      environmentUserId: await envUserId(alias),
      terms: { justification: "Cover", endsAt },
      alsoSystemAdministrator: false,
    },
    { origin: NO_ORIGIN, now },
  );
  expect(result).toMatchObject({ ok: true });
}

const remindersOf = async (alias: string) =>
  await all<{ title: string; href: string; link_label: string }>(
    "select title, href, link_label from notifications where recipient_id = ? and kind = 'dma-expiry-reminder' order by id",
    await dirId(alias),
  );
const reminderEvents = async () =>
  (await one<{ n: number }>("select count(*) n from audit_events where action = 'RoleExpiryReminderSent'")).n;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, now);
  await delegate("ava", "dana", at(3 * 24)); // 7-day reminder due
  await delegate("evan", "user05", at(20)); // 1-day reminder due
  await delegate("ava", "user06", at(30 * 24)); // none yet
});
afterAll(() => dispose());

describe("expiry reminders", () => {
  it("the sweep reminds each holder and their delegator once, with an Extend link, and audits each occasion", async () => {
    expect(await sendExpiryReminders(db, now)).toEqual({ occasions: 2, notifications: 4 });
    expect(await remindersOf("dana")).toEqual([
      {
        title: "Your Delegated Mailbox Approver role in Contoso Production ends in 7 days",
        href: "/environments/production/roles/delegated-mailbox-approver",
        link_label: "Extend",
      },
    ]);
    expect((await remindersOf("ava")).map((r) => r.title)).toEqual([
      "Dana Diaz's Delegated Mailbox Approver role in Contoso Production ends in 7 days",
    ]);
    expect((await remindersOf("user05")).map((r) => r.title)).toEqual([
      "Your Delegated Mailbox Approver role in Contoso Production ends in 1 day",
    ]);
    expect(await remindersOf("evan")).toHaveLength(1);
    expect(await reminderEvents()).toBe(2);
  });

  it("a second sweep, even later the same day, sends nothing again", async () => {
    expect(await sendExpiryReminders(db, now)).toEqual({ occasions: 0, notifications: 0 });
    expect(await sendExpiryReminders(db, at(5))).toEqual({ occasions: 0, notifications: 0 });
    expect(await reminderEvents()).toBe(2);
  });

  it("a day before the end date comes the 1-day reminder; after the end date, nothing", async () => {
    expect(await sendExpiryReminders(db, at(2 * 24 + 1))).toEqual({ occasions: 1, notifications: 2 });
    expect((await remindersOf("dana")).map((r) => r.title)).toEqual([
      "Your Delegated Mailbox Approver role in Contoso Production ends in 7 days",
      "Your Delegated Mailbox Approver role in Contoso Production ends in 1 day",
    ]);
    expect(await sendExpiryReminders(db, at(4 * 24))).toEqual({ occasions: 0, notifications: 0 });
  });

  it("a new end date (extended) is a new occasion", async () => {
    await run(
      "update user_role_assignments set ends_at = ? where environment_user_id = ?",
      instant(at(3 * 24 + 12)),
      await envUserId("user05"),
    );
    expect(await sendExpiryReminders(db, now)).toEqual({ occasions: 1, notifications: 2 });
  });

  it("a delegator who is no longer a Global or Exchange Administrator: every enabled one hears instead", async () => {
    const role = (
      await one<{ id: number }>(
        "select id from security_roles where environment_id = ? and key = 'delegated_mailbox_approver'",
        await PROD(),
      )
    ).id;
    await run(
      "insert into user_role_assignments (environment_user_id, role_id, assigned_by_id, assigned_at, ends_at) values (?, ?, ?, ?, ?)",
      await envUserId("user07"),
      role,
      await dirId("sam"),
      instant(now),
      instant(at(10)),
    );
    const before = { ava: (await remindersOf("ava")).length, evan: (await remindersOf("evan")).length };
    expect(await sendExpiryReminders(db, now)).toEqual({ occasions: 1, notifications: 3 });
    expect(await remindersOf("user07")).toHaveLength(1);
    expect(await remindersOf("sam")).toHaveLength(0);
    expect(await remindersOf("ava")).toHaveLength(before.ava + 1);
    expect(await remindersOf("evan")).toHaveLength(before.evan + 1);
  });
});

describe("the notifications inbox", () => {
  it("counts unread, lists newest first, and marks only the reader's own as read", async () => {
    const dana = actorOf("dana");
    expect(await countUnread(db, await dana)).toBe(2);
    const { rows, nextBefore } = await listNotifications(db, await dana);
    expect(rows.map((r) => r.title)).toEqual([
      "Your Delegated Mailbox Approver role in Contoso Production ends in 1 day",
      "Your Delegated Mailbox Approver role in Contoso Production ends in 7 days",
    ]);
    expect(nextBefore).toBeNull();
    const avasOwn = (await listNotifications(db, await actorOf("ava"))).rows[0]!.id;
    expect(await markNotificationsRead(db, await dana, { id: avasOwn }, now)).toMatchObject({ ok: true, marked: 0 });
    expect(await countUnread(db, await actorOf("ava"))).toBeGreaterThan(0);
    expect(await markNotificationsRead(db, await dana, { id: rows[1]!.id }, now)).toMatchObject({ marked: 1 });
    expect(await countUnread(db, await dana)).toBe(1);
    expect(await markNotificationsRead(db, await dana, { upToId: rows[0]!.id }, now)).toMatchObject({ marked: 1 });
    expect(await countUnread(db, await dana)).toBe(0);
    expect((await listNotifications(db, await dana)).rows.every((r) => r.isRead)).toBe(true);
  });
});
