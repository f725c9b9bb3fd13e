import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { notifications } from "@/db/schema";

export type NotificationKind = (typeof notifications.$inferInsert)["kind"];

/** One message to one person. `dedupeKey` names the occasion: the same key never reaches a recipient twice. */
export type NotificationInput = {
  recipientId: number;
  kind: NotificationKind;
  subject: { type: string; id: string | number };
  title: string;
  body: string;
  link?: { href: string; label: string } | null;
  dedupeKey: string;
};

/**
 * Writes notifications inside the caller's transaction, so they commit with the change that
 * causes them (DOMAIN §11). A recipient who already has the occasion's key is skipped by the
 * unique index, whichever process got there first. Returns how many were new.
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
    .prepare();
  let added = 0;
  for (const input of inputs) {
    const { changes } = insert.run({
      recipientId: input.recipientId,
      kind: input.kind,
      subjectType: input.subject.type,
      subjectId: String(input.subject.id),
      title: input.title,
      body: input.body,
      href: input.link?.href ?? null,
      linkLabel: input.link?.label ?? null,
      dedupeKey: input.dedupeKey,
      createdAt: now,
    });
    added += changes;
  }
  return added;
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
