import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { demoLookups, epochMs } from "../testing/demo-lookups";
import { startSmtpSink } from "../testing/smtp-sink";
import { GIVE_UP_AFTER_MS } from "./backoff";
import { emailChannel } from "./channel";
import { deliverDueEmails, smtpSender } from "./delivery";
import { claimDueEmails, markEmailSent, SENDING_LEASE_MS } from "./outbox";
import { setEmailPreference } from "./preferences";
import { addNotifications } from "./store";

// The outbox against a real SMTP server on loopback: sent once, retried with back-off while the
// server is down, never sent twice by two processes or after a crash, given up on a permanent refusal.

let db: Db;
let dispose: () => Promise<void>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const { one, all, run, dirId } = demoLookups(() => db);
const t0 = new Date("2026-11-27T12:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);
let occasion = 0;

async function notify(alias: string, at = t0, kind: "mailbox-decision" | "approval-digest" = "mailbox-decision") {
  occasion++;
  return await addNotifications(
    db,
    [
      {
        recipientId: await dirId(alias),
        kind,
        subject: { type: "mailbox", id: occasion },
        title: `Message ${occasion} <for ${alias}>`,
        body: "Body.",
        link: { href: "/my-mailbox", label: "Open" },
        dedupeKey: `test:${occasion}`,
      },
    ],
    at,
  );
}

const deliver = (at: Date, owner = "this-process") =>
  deliverDueEmails(db, { channel: emailChannel()!, send: smtpSender(emailChannel()!), owner, clock: () => at });
const outbox = async () =>
  (
    await all<{
      id: number;
      status: string;
      attempts: number;
      next_attempt_at: number | string;
      last_error: string | null;
    }>("select id, status, attempts, next_attempt_at, last_error from email_outbox order by id")
  ).map((row) => ({ ...row, next_attempt_at: epochMs(row.next_attempt_at) }));
const sunkTo = (alias: string) => sink.messages.filter((m) => m.to.includes(`${alias}@contoso.com`));

beforeAll(async () => {
  sink = await startSmtpSink({ refuse: (to) => to === "lena@contoso.com" });
  // Stubbed, and restored after the file: the files run after it in the same process (the "shared"
  // project) would otherwise find email on.
  vi.stubEnv("MAILGATE_SMTP_URL", sink.url);
  vi.stubEnv("MAILGATE_SMTP_RETRY_SECONDS", "1");
  vi.stubEnv("AUTH_SECRET", "unit-test-auth-secret-0123456789abcdef");
  vi.stubEnv("MAILGATE_PUBLIC_URL", "http://mailgate.test");
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dispose();
  await sink.close();
});
beforeEach(async () => {
  await run("delete from email_outbox");
  sink.messages.length = 0;
});

describe("email delivery through the outbox", () => {
  it("sends each email once, with its idempotency key as Message-ID and a one-click unsubscribe header", async () => {
    await notify("bob");
    expect(await deliver(t0)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await deliver(later(60_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    const [row] = await all<{ idempotency_key: string; status: string }>(
      "select idempotency_key, status from email_outbox",
    );
    expect(row!.status).toBe("sent");
    expect(sunkTo("bob")).toHaveLength(1);
    expect(sunkTo("bob")[0]!.messageId).toBe(`<${row!.idempotency_key}@mailgate.test>`);
    expect(sunkTo("bob")[0]!.head).toMatch(
      /^List-Unsubscribe: <http:\/\/mailgate\.test\/unsubscribe\/one-click\?u=\d+&/m,
    );
    expect(sunkTo("bob")[0]!.head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  });

  it("writes no email for a disabled recipient, or one who turned that kind's email off; in-app still gets it", async () => {
    await setEmailPreference(db, await dirId("sam"), "approval-digest", false, t0);
    expect(await notify("dave")).toBe(1);
    expect(await notify("sam", t0, "approval-digest")).toBe(1);
    expect(await notify("sam", t0, "mailbox-decision")).toBe(1);
    expect(await all<{ to_address: string }>("select to_address from email_outbox")).toEqual([
      { to_address: "sam@contoso.com" },
    ]);
  });

  it("writes no email at all while MAILGATE_SMTP_URL is unset", async () => {
    const url = process.env.MAILGATE_SMTP_URL;
    delete process.env.MAILGATE_SMTP_URL;
    try {
      expect(await notify("bob")).toBe(1);
      expect(await outbox()).toEqual([]);
    } finally {
      process.env.MAILGATE_SMTP_URL = url;
    }
  });

  it("while the server is down, retries later with back-off; once it is back, delivers exactly once", async () => {
    await sink.stop();
    await notify("bob");
    expect(await deliver(t0)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await outbox())[0]).toMatchObject({
      status: "pending",
      attempts: 1,
      next_attempt_at: later(1000).getTime(),
    });
    expect((await outbox())[0]!.last_error).toMatch(/ECONNREFUSED|ECONNECTION/);
    expect(await deliver(later(500))).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    expect(await deliver(later(1000))).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await outbox())[0]).toMatchObject({ attempts: 2, next_attempt_at: later(1000 + 2000).getTime() });
    await sink.start();
    expect(await deliver(later(3000))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await deliver(later(60_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sunkTo("bob")).toHaveLength(1);
    expect((await outbox())[0]).toMatchObject({ status: "sent", attempts: 3, last_error: null });
  });

  it("a row claimed by a process that died is sent by another once its lease lapses, and only then", async () => {
    await notify("bob");
    const [claimed] = await claimDueEmails(db, "crashed-process", t0, 10);
    expect(await deliver(later(1000))).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await deliver(later(SENDING_LEASE_MS))).toEqual({ sent: 1, retried: 0, failed: 0 });
    // The crashed process, had it come back, cannot settle a row it no longer holds.
    expect(await markEmailSent(db, claimed!.id, "crashed-process", later(SENDING_LEASE_MS))).toBe(false);
    expect(sunkTo("bob")).toHaveLength(1);
  });

  it("two processes delivering at once send every email once", async () => {
    for (let i = 0; i < 12; i++) await notify("bob");
    const results = await Promise.all([await deliver(t0, "server-a"), await deliver(t0, "server-b")]);
    expect(results[0]!.sent + results[1]!.sent).toBe(12);
    const ids = sunkTo("bob").map((m) => m.messageId);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it("a permanent refusal (550) is not tried again", async () => {
    await notify("lena");
    expect(await deliver(t0)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outbox())[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect((await outbox())[0]!.last_error).toMatch(/550/);
    expect(await deliver(later(3_600_000))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("after 48 hours of failures the email is given up; the in-app notification stays", async () => {
    await sink.stop();
    await notify("bob");
    expect(await deliver(later(GIVE_UP_AFTER_MS))).toEqual({ sent: 0, retried: 0, failed: 1 });
    await sink.start();
    expect((await outbox())[0]).toMatchObject({ status: "failed" });
    expect(
      (
        await one<{ n: number }>(
          "select count(*) n from notifications where title = ?",
          `Message ${occasion} <for bob>`,
        )
      ).n,
    ).toBe(1);
  });
});
