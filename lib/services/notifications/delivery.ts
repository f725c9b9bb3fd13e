import "server-only";
import { first } from "@/db/query";
import nodemailer from "nodemailer";
import type { Db } from "@/db/client";
import { tenants } from "@/db/schema";
import { newOwnerId } from "../jobs/lease";
import { isTransientDbError } from "@/db/errors";
import { retryDelayMs } from "../jobs/retry";
import { isPermanentSmtpError, nextRetryAt } from "./backoff";
import { emailChannel, publicBaseUrl, type EmailChannel } from "./channel";
import { claimDueEmails, markEmailFailed, markEmailRetry, markEmailSent, type ClaimedEmail } from "./outbox";
import { oneClickUrl } from "./unsubscribe-token";

/** What sends one message: nodemailer's transport, or a test's stand-in for the network. */
export type SendMail = (message: nodemailer.SendMailOptions) => Promise<unknown>;

// One at a time: a process that stops mid-sweep leaves at most the email it was sending under its
// lease (sent again once the lease lapses), never a batch of others it had not started.
const CLAIM_BATCH = 1;
/** One sweep sends for at most this long; the next sweep goes on with what is left. */
const SWEEP_BUDGET_MS = 50_000;

export type DeliveryResult = { sent: number; retried: number; failed: number };

/**
 * Sends the outbox's due emails: claims a few at a time under a lease, sends each, and records
 * the outcome at once (sent, retry at a later time, or failed for good). The Message-ID is the
 * row's idempotency key, the same on every attempt.
 */
export async function deliverDueEmails(
  db: Db,
  options: { channel: EmailChannel; send: SendMail; owner?: string; clock?: () => Date },
): Promise<DeliveryResult> {
  const owner = options.owner ?? newOwnerId();
  const clock = options.clock ?? (() => new Date());
  const from = options.channel.from ?? (await defaultFrom(db));
  const domain = new URL(publicBaseUrl()).hostname || "mailgate";
  const started = clock().getTime();
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  while (clock().getTime() - started < SWEEP_BUDGET_MS) {
    const batch = await claimDueEmails(db, owner, clock(), CLAIM_BATCH);
    if (batch.length === 0) break;
    for (const email of batch) {
      let error: unknown = null;
      try {
        await options.send(mailOf(email, from, domain));
      } catch (caught) {
        error = caught ?? new Error("send failed");
      }
      if (error === null) {
        // Recorded the moment the server accepted it; a busy database is waited for, never taken
        // as a failed send (that would send it again).
        await settle(() => markEmailSent(db, email.id, owner, clock()));
        result.sent++;
        continue;
      }
      const why = describe(error);
      const retryAt = isPermanentSmtpError(error)
        ? null
        : nextRetryAt({
            attempts: email.attempts,
            firstRetryMs: options.channel.firstRetryMs,
            createdAt: email.createdAt,
            now: clock(),
          });
      if (retryAt) await settle(() => markEmailRetry(db, email.id, owner, why, retryAt));
      else await settle(() => markEmailFailed(db, email.id, owner, why));
      result[retryAt ? "retried" : "failed"]++;
    }
  }
  return result;
}

/** Runs a settling write, waiting out a busy database (another server's long transaction) for a while. */
async function settle(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (!isTransientDbError(error) || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
    }
  }
}

function mailOf(email: ClaimedEmail, from: string, domain: string): nodemailer.SendMailOptions {
  return {
    from,
    to: email.toAddress,
    subject: email.subject,
    text: email.textBody,
    html: email.htmlBody,
    messageId: `<${email.idempotencyKey}@${domain}>`,
    headers: {
      "List-Unsubscribe": `<${oneClickUrl(email.unsubscribeUrl)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Auto-Submitted": "auto-generated",
    },
  };
}

async function defaultFrom(db: Db): Promise<string> {
  const domain = (await first(db.select({ domain: tenants.domain }).from(tenants).limit(1)))?.domain ?? "localhost";
  return `Mailgate <no-reply@${domain}>`;
}

function describe(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  return [code, responseCode, message ?? String(error)].filter((part) => part !== undefined).join(" ");
}

/** nodemailer over MAILGATE_SMTP_URL, with time-outs short enough for a sweep. */
export function smtpSender(channel: EmailChannel): SendMail {
  const transport = nodemailer.createTransport(channel.url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
  return (message) => transport.sendMail(message);
}

const memo = globalThis as unknown as { mailgateDelivery?: Promise<unknown> | null };

/**
 * The sweep's delivery task: starts a delivery unless one is still running in this process (a slow
 * server must not pile sweeps up), and never throws into the sweep. Off when email is off.
 */
export async function startEmailDelivery(db: Db): Promise<void> {
  const channel = emailChannel();
  if (!channel || memo.mailgateDelivery) return;
  memo.mailgateDelivery = deliverDueEmails(db, { channel, send: smtpSender(channel) })
    .catch((error) => console.error("email delivery failed; it runs again next sweep", error))
    .finally(() => {
      memo.mailgateDelivery = null;
    });
}
