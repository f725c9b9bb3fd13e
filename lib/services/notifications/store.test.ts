import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import { addNotifications, type NotificationInput } from "./store";

// addNotifications writes the same rows and answers the same count whether or not email is on:
// without email it asks for no ids back (nothing links an email to them), with email it queues one
// email per new notification. Either way an occasion a recipient already has is skipped.

let db: Db;
let dispose: () => Promise<void>;
const { one, run, dirId } = demoLookups(() => db);
const t0 = new Date("2026-12-03T12:00:00Z");

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
});
afterAll(async () => await dispose());
beforeEach(async () => {
  await run("delete from email_outbox");
  await run("delete from notifications");
});
afterEach(() => vi.unstubAllEnvs());

async function notice(alias: string, key: string): Promise<NotificationInput> {
  return {
    recipientId: await dirId(alias),
    kind: "mailbox-decision",
    subject: { type: "mailbox", id: 1 },
    title: `Your mailbox is approved (${key})`,
    body: "Body.",
    link: { href: "/my-mailbox", label: "Open" },
    dedupeKey: key,
  };
}

const count = async (table: string) => Number((await one<{ n: number }>(`select count(*) as n from ${table}`))!.n);

describe.each([
  { email: "off", smtpUrl: undefined, emails: 0 },
  { email: "on", smtpUrl: "smtp://127.0.0.1:2525", emails: 2 },
])("with email $email", ({ smtpUrl, emails }) => {
  beforeEach(() => {
    vi.stubEnv("MAILGATE_SMTP_URL", smtpUrl);
    // Each email carries a signed unsubscribe link.
    vi.stubEnv("AUTH_SECRET", "unit-test-auth-secret-0123456789abcdef");
  });

  it("writes each new occasion once and counts only those, in one call and across calls", async () => {
    const [bob, lena, bobAgain] = [await notice("bob", "k:1"), await notice("lena", "k:1"), await notice("bob", "k:1")];
    expect(await addNotifications(db, [bob, lena, bobAgain], t0)).toBe(2);
    expect(await count("notifications")).toBe(2);
    expect(await count("email_outbox")).toBe(emails);

    expect(await addNotifications(db, [bob, await notice("bob", "k:2")], t0)).toBe(1);
    expect(await count("notifications")).toBe(3);
  });

  it("writes 250 in statements of each size (100, 10 and 1 rows) and counts all of them", async () => {
    const many = await Promise.all(Array.from({ length: 250 }, (_, i) => notice(i % 2 ? "bob" : "lena", `many:${i}`)));
    expect(await addNotifications(db, many, t0)).toBe(250);
    expect(await count("notifications")).toBe(250);
    const titles = await one<{ n: number }>("select count(distinct title) as n from notifications");
    expect(Number(titles!.n)).toBe(250);
  });
});
