import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";

/**
 * Personal access tokens for the REST API (DOMAIN §11 "API tokens"). The secret itself is never
 * stored: only its SHA-256 (the secret is 256 random bits, so a fast hash is enough, and a lookup
 * by hash is one index seek). `prefix` is the secret's first characters, to tell tokens apart in
 * lists and logs without revealing them.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Space-separated scopes, as OAuth writes them (lib/policy/api-tokens.ts lists them). */
    scopes: text("scopes").notNull(),
    secretHash: text("secret_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** Written at most once a minute per token, like a session's last seen. */
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedById: integer("revoked_by_id").references(() => directoryUsers.id),
    /** The last use after expiry that was audited: such attempts are audited at most once an hour per token. */
    expiredUseAuditedAt: integer("expired_use_audited_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("api_tokens_secret_hash_uq").on(t.secretHash), index("api_tokens_owner_ix").on(t.ownerId, t.id)],
);
