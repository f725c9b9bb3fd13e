import "server-only";
import { instant } from "@/db/sql";
import { first } from "@/db/query";
import { eq, getTableColumns } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { notifications } from "@/db/schema";
import type { NotificationKind } from "@/lib/policy/notifications";
import type { NotificationInput } from "./message";
import { emailChannel } from "./channel";
import { enqueueEmails } from "./outbox";
import { insertMany, insertSpec } from "../insert-many";

export type { NotificationInput, NotificationKind };

/**
 * Writes notifications inside the caller's transaction, so they commit with the change that
 * causes them (DOMAIN §11), and their emails into the outbox in the same transaction (when email
 * is on and the recipient wants that kind by email). A recipient who already has the occasion's
 * key is skipped by the unique index, whichever process got there first. Returns how many were new.
 */
export async function addNotifications(tx: Tx | Db, inputs: NotificationInput[], now: Date): Promise<number> {
  if (inputs.length === 0) return 0;
  const values: unknown[] = [];
  for (const input of inputs) {
    const row: Omit<NotificationRow, "id" | "readAt"> = {
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
    };
    for (const column of COLUMNS)
      values.push(column === "readAt" ? null : column === "createdAt" ? instant(now) : row[column]);
  }
  // Without email, nothing needs the new rows' ids (they link each email to its notification): the
  // statements return nothing, which took a third off writing 10,000 (bench/README.md, "Session 16").
  if (!emailChannel()) return (await insertMany(tx, INSERT_NOTICES, values)).added;
  const { rows: inserted } = await insertMany<{ id: number; recipientId: number; dedupeKey: string }>(
    tx,
    INSERT_NOTICES_WITH_IDS,
    values,
  );
  const idOf = new Map(inserted.map((r) => [`${r.recipientId} ${r.dedupeKey}`, r.id]));
  const added: { notificationId: number; input: NotificationInput }[] = [];
  for (const input of inputs) {
    const key = `${input.recipientId} ${input.dedupeKey}`;
    const notificationId = idOf.get(key);
    // The same occasion twice in one call reaches its recipient once.
    if (notificationId === undefined) continue;
    added.push({ notificationId, input });
    idOf.delete(key);
  }
  await enqueueEmails(tx, added, now);
  return added.length;
}

type NotificationRow = typeof notifications.$inferSelect;
// Every column but the id, which the database assigns.
const COLUMNS = (Object.keys(getTableColumns(notifications)) as (keyof NotificationRow)[]).filter((c) => c !== "id");

/**
 * Every notification of a call in a few statements (../insert-many.ts): a 10,000-mailbox approval
 * tells 10,000 owners in 100 on SQLite, 2 on PostgreSQL. A recipient who already has the occasion's
 * key is skipped by the unique index. The ids are read back only to link each email to its notice.
 */
const INSERT_NOTICES = insertSpec(notifications, COLUMNS, { onConflictDoNothing: true });
const INSERT_NOTICES_WITH_IDS = insertSpec(notifications, COLUMNS, {
  onConflictDoNothing: true,
  returning: { id: "id", recipientId: "recipientId", dedupeKey: "dedupeKey" },
});

/** Whether anyone was notified of the occasion (indexed by the dedupe key). */
export async function wasNotified(tx: Tx | Db, dedupeKey: string): Promise<boolean> {
  return (
    (await first(
      tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.dedupeKey, dedupeKey)).limit(1),
    )) !== undefined
  );
}
