import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { environments } from "./environment";
import { mailboxes } from "./mail";
import { directoryUsers } from "./tenant";

/**
 * One digest sent to an environment's approvers: when it went (the next one waits the
 * environment's interval after it) and what it held, for the Pending view filtered to it.
 */
export const approvalDigests = sqliteTable(
  "approval_digests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
    mailboxCount: integer("mailbox_count").notNull(),
    recipientCount: integer("recipient_count").notNull(),
  },
  (t) => [index("approval_digests_env_sent_ix").on(t.environmentId, t.sentAt)],
);

/**
 * A mailbox entering Pending Approval, written in the transaction that put it there (new user or
 * queue, address change): the approvers' digest is made from these, so none is lost to a race
 * between the change and the sweep. `digest_id` is set when a digest took it.
 */
export const approvalDigestItems = sqliteTable(
  "approval_digest_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    mailboxId: integer("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    enteredAt: integer("entered_at", { mode: "timestamp_ms" }).notNull(),
    digestId: integer("digest_id").references(() => approvalDigests.id),
  },
  (t) => [
    index("approval_digest_items_waiting_ix")
      .on(t.environmentId)
      .where(sql`digest_id is null`),
    index("approval_digest_items_digest_ix").on(t.digestId, t.mailboxId),
  ],
);

/** "Request approval" from a pending mailbox's owner (at most once a day per mailbox). */
export const approvalRequests = sqliteTable(
  "approval_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    mailboxId: integer("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    requestedById: integer("requested_by_id")
      .notNull()
      .references(() => directoryUsers.id),
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
    note: text("note").notNull(),
  },
  (t) => [index("approval_requests_mailbox_ix").on(t.mailboxId, t.requestedAt)],
);
