import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { notifications } from "@/db/schema";
import type { NotificationKind } from "@/lib/policy/notifications";
import type { NotificationInput } from "./message";
import { enqueueEmails } from "./outbox";

export type { NotificationInput, NotificationKind };

/**
 * Writes notifications inside the caller's transaction, so they commit with the change that
 * causes them (DOMAIN §11), and their emails into the outbox in the same transaction (when email
 * is on and the recipient wants that kind by email). A recipient who already has the occasion's
 * key is skipped by the unique index, whichever process got there first. Returns how many were new.
 */
export function addNotifications(tx: Tx | Db, inputs: NotificationInput[], now: Date): number {
  if (inputs.length === 0) return 0;
  const insert = tx
    .insert(notifications)
    .values({
      recipientId: sql.placeholder("recipientId"),
      kind: sql.placeholder("kind"),
      subjectType: sql.placeholder("subjectType"),
      subjectId: sql.placeholder("subjectId"),
      title: sql.placeholder("title"),
      body: sql.placeholder("body"),
      href: sql.placeholder("href"),
      linkLabel: sql.placeholder("linkLabel"),
      dedupeKey: sql.placeholder("dedupeKey"),
      createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id })
    .prepare();
  const added: { notificationId: number; input: NotificationInput }[] = [];
  for (const input of inputs) {
    const row = insert.get({
      recipientId: input.recipientId,
      kind: input.kind,
      subjectType: input.subject.type,
      subjectId: String(input.subject.id),
      title: input.title,
      // In the portal the quoted words (a rejection's reason, an owner's note) follow the body.
      body: input.quote ? `${input.body}\n${input.quote.label}: ${input.quote.text}` : input.body,
      href: input.link?.href ?? null,
      linkLabel: input.link?.label ?? null,
      dedupeKey: input.dedupeKey,
      createdAt: now,
    });
    if (row) added.push({ notificationId: row.id, input });
  }
  enqueueEmails(tx, added, now);
  return added.length;
}

/** Whether anyone was notified of the occasion (indexed by the dedupe key). */
export function wasNotified(tx: Tx | Db, dedupeKey: string): boolean {
  return (
    tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.dedupeKey, dedupeKey))
      .limit(1)
      .get() !== undefined
  );
}
