import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";

/**
 * In-app notifications, one row per recipient. A row is the message itself (title as an email's
 * subject, body, one link), independent of how it reaches people: the notifications issue adds
 * email delivery as its own table keyed by these ids, without changing how notifications are made.
 *
 * `dedupe_key` names the occasion (e.g. this delegation's 1-day reminder for this end date): the
 * unique index makes a second send for the same occasion and recipient impossible, whichever
 * process or sweep tries it.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: ["dma-expiry-reminder", "access-review-assigned", "access-review-applied"],
    }).notNull(),
    /** What it is about, e.g. environmentUser 42 or accessReview 7. */
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    href: text("href"),
    linkLabel: text("link_label"),
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_recipient_uq").on(t.dedupeKey, t.recipientId),
    index("notifications_recipient_ix").on(t.recipientId, t.id),
    // The header's unread count on every page: only unread rows are in it.
    index("notifications_unread_ix")
      .on(t.recipientId)
      .where(sql`read_at is null`),
  ],
);
