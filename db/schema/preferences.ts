import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";

/**
 * How a person likes the portal to look, one row per person and setting (no row means the
 * default): e.g. which optional columns of the mailboxes grid they hide. `value` is JSON, read
 * through the zod schema of its key (lib/services/identity/preferences.ts), never trusted as is.
 */
export const userPreferences = sqliteTable(
  "user_preferences",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value", { mode: "json" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
