import { sql } from "drizzle-orm";
import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from "drizzle-orm/sqlite-core";
import { directoryUsers } from "./tenant";
import { environments, environmentUsers } from "./environment";
// Relative, not "@/": drizzle-kit loads the schema without the app's path aliases.
import {
  ActMethod,
  EmailStatus,
  IncomingMethod,
  JOB_STATUSES,
  OutgoingMethod,
  TestStatus,
} from "../../lib/policy/catalog";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });

export const queues = sqliteTable(
  "queues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    name: text("name").notNull(),
    email: text("email").notNull(),
    ownerId: integer("owner_id").references(() => environmentUsers.id),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("queues_env_name_uq").on(t.environmentId, t.name)],
);

export const serverProfiles = sqliteTable(
  "server_profiles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    name: text("name").notNull(),
    type: text("type", { enum: ["exchange_online"] })
      .notNull()
      .default("exchange_online"),
    authType: text("auth_type", { enum: ["s2s_same_tenant", "oauth_cross_tenant"] }).notNull(),
    oauthTenantId: text("oauth_tenant_id"),
    oauthApplicationId: text("oauth_application_id"),
    /** Write-only: stored for the sync service, never rendered or audited. */
    oauthSecret: text("oauth_secret"),
    isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [uniqueIndex("server_profiles_env_name_uq").on(t.environmentId, t.name)],
);

/**
 * The mailbox record of DOMAIN §5. Option values are PPAC's numbers, typed by their names in
 * lib/policy/catalog.ts (EmailStatus, TestStatus, IncomingMethod, OutgoingMethod, ActMethod).
 */
export const mailboxes = sqliteTable(
  "mailboxes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    name: text("name").notNull(),
    emailAddress: text("email_address").notNull(),
    regardingType: text("regarding_type", { enum: ["user", "queue"] }).notNull(),
    regardingUserId: integer("regarding_user_id").references(() => environmentUsers.id),
    regardingQueueId: integer("regarding_queue_id").references(() => queues.id),
    ownerId: integer("owner_id").references(() => environmentUsers.id),
    serverProfileId: integer("server_profile_id").references(() => serverProfiles.id),
    incomingMethod: integer("incoming_method").$type<IncomingMethod>().notNull().default(IncomingMethod.ServerSideSync),
    outgoingMethod: integer("outgoing_method").$type<OutgoingMethod>().notNull().default(OutgoingMethod.ServerSideSync),
    actMethod: integer("act_method").$type<ActMethod>().notNull().default(ActMethod.ServerSideSync),
    emailStatus: integer("email_status").$type<EmailStatus>().notNull().default(EmailStatus.PendingApproval),
    isApprovedByTenantAdmin: integer("is_approved_by_tenant_admin", { mode: "boolean" }).notNull().default(false),
    incomingStatus: integer("incoming_status").$type<TestStatus>().notNull().default(TestStatus.NotRun),
    outgoingStatus: integer("outgoing_status").$type<TestStatus>().notNull().default(TestStatus.NotRun),
    actStatus: integer("act_status").$type<TestStatus>().notNull().default(TestStatus.NotRun),
    mailboxStatus: integer("mailbox_status").$type<TestStatus>().notNull().default(TestStatus.NotRun),
    isIncomingEnabled: integer("is_incoming_enabled", { mode: "boolean" }).notNull().default(false),
    isOutgoingEnabled: integer("is_outgoing_enabled", { mode: "boolean" }).notNull().default(false),
    isActEnabled: integer("is_act_enabled", { mode: "boolean" }).notNull().default(false),
    testCompletedOn: timestamp("test_completed_on"),
    processEmailReceivedAfter: timestamp("process_email_received_after"),
    approvedById: integer("approved_by_id").references(() => directoryUsers.id),
    /** The approver's name as it was then, so the grid can sort by it without a join. */
    approvedByName: text("approved_by_name"),
    approvedOn: timestamp("approved_on"),
    testLastAttemptedById: integer("test_last_attempted_by_id").references(() => directoryUsers.id),
    testLastAttemptedOn: timestamp("test_last_attempted_on"),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    /** When it last entered Pending Approval (or was created awaiting approval); null once decided. */
    pendingSince: timestamp("pending_since"),
    /** Why it was rejected, while it stays Rejected (the audit log keeps every one). */
    rejectionReason: text("rejection_reason"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at").notNull(),
  },
  (t) => [
    // The Pending view sorted by Pending since, and the overview's oldest age and age buckets: the
    // same "in (0, 2)" as the view's filter, so SQLite knows the query implies the index's WHERE.
    index("mailboxes_env_pending_since_ix")
      .on(t.environmentId, t.isActive, t.pendingSince, t.id)
      .where(sql`email_status in (0, 2)`),
    // The Pending view by name: the status index cannot give two statuses in name order, and the
    // name index reads every mailbox of the environment to find the few pending ones (1.3 s at
    // 100,000 mailboxes with 1,195 pending; 0.5 ms with this index).
    index("mailboxes_env_pending_name_ix")
      .on(t.environmentId, t.isActive, t.name, t.id)
      .where(sql`email_status in (0, 2)`),
    index("mailboxes_env_active_name_ix").on(t.environmentId, t.isActive, t.name, t.id),
    index("mailboxes_env_status_name_ix").on(t.environmentId, t.isActive, t.emailStatus, t.name, t.id),
    index("mailboxes_env_health_name_ix").on(t.environmentId, t.isActive, t.mailboxStatus, t.name, t.id),
    index("mailboxes_env_email_ix").on(t.environmentId, t.isActive, t.emailAddress, t.id),
    index("mailboxes_regarding_user_ix").on(t.regardingUserId),
    index("mailboxes_regarding_queue_ix").on(t.regardingQueueId),
    index("mailboxes_profile_ix").on(t.serverProfileId),
  ],
);

/**
 * How many mailboxes each environment has per (active, email address status, mailbox status): the
 * grid's view counts read a few of these rows instead of counting up to a million mailboxes
 * (issue 20). Kept by triggers on `mailboxes` (migration 0011), so every writer — one by one, bulk,
 * background jobs, Test & Enable, address changes, new users and queues — keeps them right in its
 * own transaction without knowing about them.
 */
export const mailboxCounts = sqliteTable(
  "mailbox_counts",
  {
    environmentId: integer("environment_id").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull(),
    emailStatus: integer("email_status").notNull(),
    mailboxStatus: integer("mailbox_status").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.isActive, t.emailStatus, t.mailboxStatus] })],
);

export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    mailboxId: integer("mailbox_id")
      .notNull()
      .references(() => mailboxes.id, { onDelete: "cascade" }),
    level: text("level", { enum: ["information", "warning", "error"] }).notNull(),
    code: text("code").notNull(),
    text: text("text").notNull(),
    createdOn: timestamp("created_on").notNull(),
    lastLoggedOn: timestamp("last_logged_on").notNull(),
  },
  (t) => [
    uniqueIndex("alerts_mailbox_code_uq").on(t.mailboxId, t.code),
    index("alerts_mailbox_logged_ix").on(t.mailboxId, t.lastLoggedOn),
  ],
);

/** DOMAIN §7, one row per environment. */
export const emailSettings = sqliteTable("email_settings", {
  environmentId: integer("environment_id")
    .primaryKey()
    .references(() => environments.id),
  processApprovedUsersOnly: integer("process_approved_users_only", { mode: "boolean" }).notNull().default(true),
  processApprovedQueuesOnly: integer("process_approved_queues_only", { mode: "boolean" }).notNull().default(true),
  requirePrivilegeToSelfApprove: integer("require_privilege_to_self_approve", { mode: "boolean" })
    .notNull()
    .default(false),
  notifyMailboxOwner: integer("notify_mailbox_owner", { mode: "boolean" }).notNull().default(false),
  /** Ours: how often approvers get a digest of new pending mailboxes (the first of a quiet period goes at once). */
  approvalDigestMinutes: integer("approval_digest_minutes").notNull().default(60),
  defaultServerProfileId: integer("default_server_profile_id").references(() => serverProfiles.id),
  defaultIncomingMethod: integer("default_incoming_method")
    .$type<IncomingMethod>()
    .notNull()
    .default(IncomingMethod.ServerSideSync),
  defaultOutgoingMethod: integer("default_outgoing_method")
    .$type<OutgoingMethod>()
    .notNull()
    .default(OutgoingMethod.ServerSideSync),
  defaultActMethod: integer("default_act_method").$type<ActMethod>().notNull().default(ActMethod.ServerSideSync),
  version: integer("version").notNull().default(1),
});

/** Long-running work (Test & Enable of a whole profile, large bulk runs) that survives restarts. */
export const bulkJobs = sqliteTable(
  "bulk_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    kind: text("kind").notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull(),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Fixed when the job starts, for lists: kept on the row so that listing jobs never reads their inputs. */
    title: text("title").notNull().default(""),
    /** One active job per kind and key (e.g. one Test & Enable per profile). */
    dedupeKey: text("dedupe_key"),
    result: text("result", { mode: "json" }),
    startedById: integer("started_by_id").references(() => directoryUsers.id),
    createdAt: timestamp("created_at").notNull(),
    finishedAt: timestamp("finished_at"),
    // The lease: the one process running the job. It renews the expiry with every batch and heartbeat;
    // another process may take the job over only once the expiry has passed.
    leaseOwner: text("lease_owner"),
    leaseHeartbeatAt: timestamp("lease_heartbeat_at"),
    leaseExpiresAt: timestamp("lease_expires_at"),
  },
  (t) => [
    index("bulk_jobs_env_created_ix").on(t.environmentId, t.createdAt),
    index("bulk_jobs_status_ix").on(t.status),
  ],
);

/**
 * What a job works through, fixed when it starts: its kind's params and its item ids. Apart from
 * bulk_jobs because SQLite rewrites a whole row on every update: kept there, each batch's progress
 * would rewrite them (700 KB of ids and 1.5 MB of versions for 100,000 rows).
 */
export const bulkJobInputs = sqliteTable("bulk_job_inputs", {
  jobId: integer("job_id")
    .primaryKey()
    .references(() => bulkJobs.id),
  params: text("params", { mode: "json" }).notNull(),
  itemIds: text("item_ids", { mode: "json" }).notNull(),
});
