import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
// Relative, not "@/": drizzle-kit loads the schema without the app's path aliases.
import { NOTIFICATION_KINDS } from "../../lib/policy/notifications";
import { directoryUsers } from "./tenant";

/**
 * In-app notifications, one row per recipient. A row is the message itself (title as an email's
 * subject, body, one link), independent of how it reaches people: email goes through
 * `email_outbox`, one row per notification, written in the same transaction.
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
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
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

/**
 * The transactional outbox for email: one row per notification to send, written in the same
 * transaction as the notification (so as the change that caused it), rendered then, and sent by
 * the background sweep. `idempotency_key` is the message's Message-ID: a retry after a crash
 * between the server's "250 OK" and our commit carries the same id, so the receiving side can
 * recognise it. `status` "sending" is a lease: `next_attempt_at` is when it lapses.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** The one-click unsubscribe address for this message's kind (List-Unsubscribe). */
    unsubscribeUrl: text("unsubscribe_url").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status", { enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    lastError: text("last_error"),
    leaseOwner: text("lease_owner"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("email_outbox_idempotency_uq").on(t.idempotencyKey),
    uniqueIndex("email_outbox_notification_uq").on(t.notificationId),
    // The sweep's question, "what is due?", reads only rows still to send.
    index("email_outbox_due_ix")
      .on(t.nextAttemptAt)
      .where(sql`status in ('pending', 'sending')`),
  ],
);

/** Email on or off, per person and kind; no row means on. */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    isEmailOn: integer("is_email_on", { mode: "boolean" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.recipientId, t.kind] })],
);
