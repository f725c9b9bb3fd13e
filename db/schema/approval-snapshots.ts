import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";
import { environments } from "./environment";

/**
 * The rows an approval pre-check showed, with their versions: OK applies to exactly these, so a
 * mailbox that changed or joined the view after the pre-check is never decided unseen. Short-lived
 * and single-use; not domain data, so not audited.
 */
export const approvalSnapshots = sqliteTable(
  "approval_snapshots",
  {
    id: text("id").primaryKey(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id, { onDelete: "cascade" }),
    operation: text("operation", { enum: ["approve", "reject"] }).notNull(),
    /** JSON [[id, version], …] in the order the approver selected them. */
    items: text("items").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("approval_snapshots_created_ix").on(t.createdAt)],
);
