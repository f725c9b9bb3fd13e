import { sql } from "drizzle-orm";
import { sqliteTable, integer, text, uniqueIndex, index, primaryKey } from "drizzle-orm/sqlite-core";
import { directoryUsers, tenants } from "./tenant";

export const environments = sqliteTable(
  "environments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    type: text("type", { enum: ["Production", "Sandbox", "Trial", "Developer"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("environments_slug_uq").on(t.slug)],
);

/**
 * A directory user's membership of an environment (Dataverse's systemuser). Name and primary
 * email are the environment's own copy: the email is the mailbox address and may differ from
 * the UPN (self-approval compares them).
 */
export const environmentUsers = sqliteTable(
  "environment_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    directoryUserId: integer("directory_user_id")
      .notNull()
      .references(() => directoryUsers.id),
    fullName: text("full_name").notNull(),
    email: text("email").notNull(),
    isEnabled: integer("is_enabled", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("environment_users_env_dir_uq").on(t.environmentId, t.directoryUserId),
    index("environment_users_env_name_ix").on(t.environmentId, t.fullName, t.id),
    index("environment_users_env_email_ix").on(t.environmentId, t.email),
    index("environment_users_env_status_name_ix").on(t.environmentId, t.isEnabled, t.fullName, t.id),
    index("environment_users_dir_ix").on(t.directoryUserId),
    // The Delegate picker finds people by the start of their name or email, whatever its case
    // (lib/services/delegation/candidates.ts): one range of one index each.
    index("environment_users_env_lower_name_ix").on(t.environmentId, sql`lower(${t.fullName})`),
    index("environment_users_env_lower_email_ix").on(t.environmentId, sql`lower(${t.email})`),
  ],
);

/**
 * The Users page's counts (issue 20): per environment, how many users are enabled (here and in the
 * directory, as the page's Enabled filter means it) and how many are not. Kept by triggers on
 * environment_users and directory_users in the same statement as every change (see its migration).
 */
export const environmentUserCounts = sqliteTable(
  "environment_user_counts",
  {
    environmentId: integer("environment_id").notNull(),
    isEnabled: integer("is_enabled", { mode: "boolean" }).notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.environmentId, t.isEnabled] })],
);

export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    name: text("name").notNull(),
    type: text("type", { enum: ["owner", "entra_group"] }).notNull(),
    entraGroupId: text("entra_group_id"),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("teams_env_name_uq").on(t.environmentId, t.name)],
);

export const teamMembers = sqliteTable(
  "team_members",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    environmentUserId: integer("environment_user_id")
      .notNull()
      .references(() => environmentUsers.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.environmentUserId] }),
    index("team_members_user_ix").on(t.environmentUserId),
  ],
);

/**
 * Environment security roles. `key` names the system roles the rules refer to
 * (system_administrator, delegated_mailbox_approver, …); custom roles have none.
 */
export const securityRoles = sqliteTable(
  "security_roles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentId: integer("environment_id")
      .notNull()
      .references(() => environments.id),
    key: text("key"),
    name: text("name").notNull(),
    isCustom: integer("is_custom", { mode: "boolean" }).notNull(),
    isAssignable: integer("is_assignable", { mode: "boolean" }).notNull(),
    description: text("description").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("security_roles_env_name_uq").on(t.environmentId, t.name),
    uniqueIndex("security_roles_env_key_uq").on(t.environmentId, t.key),
  ],
);

export const rolePrivileges = sqliteTable(
  "role_privileges",
  {
    roleId: integer("role_id")
      .notNull()
      .references(() => securityRoles.id, { onDelete: "cascade" }),
    privilege: text("privilege").notNull(),
    depth: text("depth", { enum: ["user", "business_unit", "parent_child", "organization"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.privilege] })],
);

export const userRoleAssignments = sqliteTable(
  "user_role_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    environmentUserId: integer("environment_user_id")
      .notNull()
      .references(() => environmentUsers.id, { onDelete: "cascade" }),
    roleId: integer("role_id")
      .notNull()
      .references(() => securityRoles.id, { onDelete: "cascade" }),
    assignedById: integer("assigned_by_id").references(() => directoryUsers.id),
    assignedAt: integer("assigned_at", { mode: "timestamp_ms" }).notNull(),
    /** DMA only (ours): the assignment grants nothing from this instant on. */
    endsAt: integer("ends_at", { mode: "timestamp_ms" }),
    justification: text("justification"),
    /** Set once, when the expiry has been written to the audit log (cleared again by a renewal). */
    expiryAuditedAt: integer("expiry_audited_at", { mode: "timestamp_ms" }),
    /** DMA only: the last renewal of an expired assignment; assigned by/at stay the original delegation's. */
    renewedById: integer("renewed_by_id").references(() => directoryUsers.id),
    renewedAt: integer("renewed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("user_role_assignments_user_role_uq").on(t.environmentUserId, t.roleId),
    index("user_role_assignments_role_ix").on(t.roleId),
    index("user_role_assignments_ends_ix").on(t.endsAt),
    // The background expiry sweep (lib/services/delegation/expiry.ts) reads only what is still to record.
    index("user_role_assignments_expiry_due_ix")
      .on(t.endsAt)
      .where(sql`${t.endsAt} is not null and ${t.expiryAuditedAt} is null`),
  ],
);

export const teamRoleAssignments = sqliteTable(
  "team_role_assignments",
  {
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    roleId: integer("role_id")
      .notNull()
      .references(() => securityRoles.id, { onDelete: "cascade" }),
    assignedById: integer("assigned_by_id").references(() => directoryUsers.id),
    assignedAt: integer("assigned_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.roleId] }), index("team_role_assignments_role_ix").on(t.roleId)],
);
