import { sql } from "drizzle-orm";
import { sqliteTable, integer, text, index } from "drizzle-orm/sqlite-core";

/**
 * Append-only, hash-chained audit log. No foreign keys on purpose: an event outlives what it
 * names, and labels are stored as they were at the time. UPDATE and DELETE are refused by
 * triggers (see the migration).
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: integer("actor_id"),
    actorUpn: text("actor_upn"),
    action: text("action").notNull(),
    environmentId: integer("environment_id"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    before: text("before"),
    after: text("after"),
    reason: text("reason"),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
    /** The personal access token a change was made with (REST API), by id and name as it was then. */
    tokenId: integer("token_id"),
    tokenName: text("token_name"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_env_seq_ix").on(t.environmentId, t.seq),
    index("audit_events_action_seq_ix").on(t.action, t.seq),
    index("audit_events_actor_seq_ix").on(t.actorId, t.seq),
    index("audit_events_target_seq_ix").on(t.targetType, t.targetId, t.seq),
    index("audit_events_at_ix").on(t.at),
    // Approvals made with the Delegated Mailbox Approver role, by holder and environment: the last
    // one and the count in 90 days are index seeks (lib/services/delegation/delegation-sql.ts). Partial,
    // so it holds only those events; queries repeat its condition word for word to use it.
    index("audit_events_dma_approvals_ix")
      .on(t.actorId, t.environmentId, t.at)
      .where(sql`action = 'MailboxApproved' and json_extract(after, '$.approvedWith') = 'Delegated Mailbox Approver'`),
  ],
);

/**
 * One row: where keyed hashes begin. Events before `keyed_from` were written before issue 12 with
 * unkeyed SHA-256 and are checked that way; the migration recorded it once (triggers refuse any
 * change) and every signed checkpoint repeats it.
 */
export const auditChain = sqliteTable("audit_chain", {
  keyedFrom: integer("keyed_from").primaryKey(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
