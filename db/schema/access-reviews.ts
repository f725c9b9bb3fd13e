import {
  type AnySQLiteColumn,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";
import { environments, environmentUsers } from "./environment";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

/**
 * An access review of the Delegated Mailbox Approver holders (DOMAIN §11): reviewers answer Keep or
 * Remove per holder until the review is applied, on its due date or earlier by its starter.
 */
export const accessReviews = sqliteTable(
  "access_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** "all": every environment at the start of each review in the series; else those listed in access_review_environments. */
    scope: text("scope", { enum: ["all", "environments"] }).notNull(),
    /** "tenant_admins": any Global or Exchange Administrator reviews; "named": those listed in access_review_reviewers. */
    reviewerMode: text("reviewer_mode", { enum: ["tenant_admins", "named"] }).notNull(),
    /** What happens to an item nobody answered when the review is applied. */
    unanswered: text("unanswered", { enum: ["keep", "remove", "flag"] }).notNull(),
    /** 30, 90 or 180: applying the review starts the next one. */
    recurrenceDays: integer("recurrence_days"),
    status: text("status", { enum: ["open", "applied"] }).notNull(),
    startedById: integer("started_by_id")
      .notNull()
      .references(() => directoryUsers.id),
    startedAt: timestamp("started_at").notNull(),
    dueAt: timestamp("due_at").notNull(),
    appliedAt: timestamp("applied_at"),
    /** Null when the background sweep applied it on the due date. */
    appliedById: integer("applied_by_id").references(() => directoryUsers.id),
    previousReviewId: integer("previous_review_id").references((): AnySQLiteColumn => accessReviews.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("access_reviews_status_due_ix").on(t.status, t.dueAt),
    index("access_reviews_started_ix").on(t.startedAt, t.id),
  ],
);

export const accessReviewEnvironments = sqliteTable(
  "access_review_environments",
  {
    reviewId: integer("review_id")
      .notNull()
      .references(() => accessReviews.id, { onDelete: "cascade" }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.environmentId] })],
);

export const accessReviewReviewers = sqliteTable(
  "access_review_reviewers",
  {
    reviewId: integer("review_id")
      .notNull()
      .references(() => accessReviews.id, { onDelete: "cascade" }),
    directoryUserId: integer("directory_user_id")
      .notNull()
      .references(() => directoryUsers.id),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.directoryUserId] }),
    index("access_review_reviewers_user_ix").on(t.directoryUserId),
  ],
);

/**
 * One holder of the role in one environment, as the assignment stood when the review started
 * (end date and justification are the reviewer's facts, kept even if the assignment changes),
 * with the answer and, once applied, what happened.
 */
export const accessReviewItems = sqliteTable(
  "access_review_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reviewId: integer("review_id")
      .notNull()
      .references(() => accessReviews.id, { onDelete: "cascade" }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    environmentUserId: integer("environment_user_id")
      .notNull()
      .references(() => environmentUsers.id),
    holderName: text("holder_name").notNull(),
    holderEmail: text("holder_email").notNull(),
    assignedAt: timestamp("assigned_at").notNull(),
    endsAt: timestamp("ends_at"),
    justification: text("justification"),
    decision: text("decision", { enum: ["keep", "remove"] }),
    note: text("note"),
    decidedById: integer("decided_by_id").references(() => directoryUsers.id),
    decidedAt: timestamp("decided_at"),
    outcome: text("outcome", { enum: ["kept", "removed", "flagged", "gone"] }),
  },
  (t) => [
    uniqueIndex("access_review_items_review_user_uq").on(t.reviewId, t.environmentUserId),
    index("access_review_items_review_decision_ix").on(t.reviewId, t.decision, t.id),
  ],
);
