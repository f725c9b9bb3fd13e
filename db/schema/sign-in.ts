import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";

/**
 * Failed sign-in bookkeeping per account and per client address (lib/auth/throttle.ts), kept in
 * the database so a restart does not reset it. `locked_until` is the earliest next attempt.
 */
export const signInThrottle = sqliteTable(
  "sign_in_throttle",
  {
    scope: text("scope", { enum: ["account", "address"] }).notNull(),
    key: text("key").notNull(),
    failureCount: integer("failure_count").notNull(),
    lastFailureAt: integer("last_failure_at", { mode: "timestamp_ms" }).notNull(),
    lockedUntil: integer("locked_until", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("sign_in_throttle_last_failure_ix").on(t.lastFailureAt)],
);

/**
 * Server-side sessions: the id travels in the (encrypted) Auth.js token and is checked on every
 * request, so signing out, disabling a user or "Sign out everywhere" ends a session at once.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    directoryUserId: integer("directory_user_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedReason: text("revoked_reason"),
    /** How the session began: single sign-on sessions may also end at the identity provider on sign-out. */
    method: text("method", { enum: ["password", "sso"] })
      .notNull()
      .default("password"),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_revoked_ix").on(t.directoryUserId, t.revokedAt)],
);
