import { affected } from "@/db/query";
import "server-only";
import { withTransaction } from "@/db/transaction";
import crypto from "node:crypto";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, emailOutbox, notificationPreferences } from "@/db/schema";
import { NOTIFICATION_KIND_LABELS } from "@/lib/policy/notifications";
import { emailChannel, publicBaseUrl } from "./channel";
import type { NotificationInput } from "./message";
import { renderEmail } from "./templates";
import { unsubscribePath } from "./unsubscribe-token";

/**
 * The email outbox (db/schema/notifications.ts). Rows are written with their notifications, in the
 * caller's transaction; the sweep (delivery.ts) claims due rows under a lease, sends, and settles
 * each one: sent, retried later with back-off, or failed for good.
 */

/** While a process sends a claimed row, nobody else may: long enough for a batch of slow servers. */
export const SENDING_LEASE_MS = 10 * 60 * 1000;

type Added = { notificationId: number; input: NotificationInput };

/** Emails for new notifications, for recipients who are enabled and did not turn that kind's email off. */
export async function enqueueEmails(tx: Tx | Db, added: Added[], now: Date): Promise<number> {
  if (added.length === 0 || !emailChannel()) return 0;
  const ids = [...new Set(added.map((a) => a.input.recipientId))];
  const people = new Map(
    (
      await tx
        .select({ id: directoryUsers.id, upn: directoryUsers.upn, isEnabled: directoryUsers.isEnabled })
        .from(directoryUsers)
        .where(inArray(directoryUsers.id, ids))
    ).map((p) => [p.id, p]),
  );
  const off = new Set(
    (
      await tx
        .select({ id: notificationPreferences.recipientId, kind: notificationPreferences.kind })
        .from(notificationPreferences)
        .where(and(inArray(notificationPreferences.recipientId, ids), eq(notificationPreferences.isEmailOn, false)))
    ).map((p) => `${p.id}:${p.kind}`),
  );
  const baseUrl = publicBaseUrl();
  let queued = 0;
  for (const { notificationId, input } of added) {
    const person = people.get(input.recipientId);
    if (!person?.isEnabled || off.has(`${input.recipientId}:${input.kind}`)) continue;
    const unsubscribeUrl = `${baseUrl}${unsubscribePath(input.recipientId, input.kind)}`;
    const email = renderEmail(input, { baseUrl, kindLabel: NOTIFICATION_KIND_LABELS[input.kind], unsubscribeUrl });
    await tx.insert(emailOutbox).values({
      notificationId,
      toAddress: person.upn,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
      unsubscribeUrl,
      idempotencyKey: crypto.randomUUID(),
      nextAttemptAt: now,
      createdAt: now,
    });
    queued++;
  }
  return queued;
}

export type ClaimedEmail = typeof emailOutbox.$inferSelect;

/**
 * Takes up to `limit` due rows for `owner`: waiting ones whose time has come, and rows another
 * process claimed but whose lease lapsed (it stopped mid-send). One immediate transaction, so two
 * processes never take the same row.
 */
export async function claimDueEmails(db: Db, owner: string, now: Date, limit: number): Promise<ClaimedEmail[]> {
  return await withTransaction(db, async (tx) => {
    const due = (
      await tx
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(and(sql`${emailOutbox.status} in ('pending', 'sending')`, lte(emailOutbox.nextAttemptAt, now)))
        .orderBy(emailOutbox.nextAttemptAt, emailOutbox.id)
        .limit(limit)
    ).map((r) => r.id);
    if (due.length === 0) return [];
    return await tx
      .update(emailOutbox)
      .set({
        status: "sending",
        leaseOwner: owner,
        attempts: sql`${emailOutbox.attempts} + 1`,
        nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS),
      })
      .where(inArray(emailOutbox.id, due))
      .returning();
  });
}

/** Only the lease holder settles a row: one that lost its lease (stalled past it) changes nothing. */
const heldBy = (id: number, owner: string) =>
  and(eq(emailOutbox.id, id), eq(emailOutbox.status, "sending"), eq(emailOutbox.leaseOwner, owner));

export async function markEmailSent(db: Db, id: number, owner: string, now: Date): Promise<boolean> {
  const changes = affected(
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: now, leaseOwner: null, lastError: null })
      .where(heldBy(id, owner)),
  );
  return changes === 1;
}

export async function markEmailRetry(db: Db, id: number, owner: string, error: string, retryAt: Date): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: "pending", leaseOwner: null, lastError: error.slice(0, 500), nextAttemptAt: retryAt })
    .where(heldBy(id, owner));
}

export async function markEmailFailed(db: Db, id: number, owner: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ status: "failed", leaseOwner: null, lastError: error.slice(0, 500) })
    .where(heldBy(id, owner));
}
