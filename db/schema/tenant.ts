import { sql } from "drizzle-orm";
import { sqliteTable, integer, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";

/** One Entra tenant. The portal serves a single tenant per database. */
export const tenants = sqliteTable("tenants", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  domain: text("domain").notNull(),
  /** Ours: every new, extended or renewed delegation ends within this many days; null = no limit. */
  maxDelegationDays: integer("max_delegation_days"),
  /** Ours: personal access tokens work for the REST API; a Global Administrator can turn them off. */
  isApiTokensOn: integer("is_api_tokens_on", { mode: "boolean" }).notNull().default(true),
  version: integer("version").notNull().default(1),
});

/** Directory (Entra) users: the people who sign in. UPNs are stored lower-case. */
export const directoryUsers = sqliteTable(
  "directory_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    upn: text("upn").notNull(),
    displayName: text("display_name").notNull(),
    isEnabled: integer("is_enabled", { mode: "boolean" }).notNull().default(true),
    passwordHash: text("password_hash"),
    // The directory object this user signs in as with single sign-on: the token's tid and oid
    // (lib/policy/sso-accounts.ts). Null until the first SSO sign-in provisions or links the user.
    entraTenantId: text("entra_tenant_id"),
    entraObjectId: text("entra_object_id"),
    /** May use the password form while local sign-in is off (MAILGATE_LOCAL_SIGNIN=off); Global Administrators only. */
    isBreakGlass: integer("is_break_glass", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("directory_users_upn_uq").on(t.upn),
    uniqueIndex("directory_users_entra_object_uq").on(t.entraTenantId, t.entraObjectId),
    index("directory_users_tenant_name_ix").on(t.tenantId, t.displayName, t.id),
    // "Add user" finds people by the start of their name whatever its case (lib/services/directory/environment-users.ts).
    index("directory_users_lower_name_ix").on(sql`lower(${t.displayName})`),
  ],
);

/** Tenant (directory) roles, keyed by DOMAIN §2's role names; see lib/policy/roles.ts. */
export const tenantRoleAssignments = sqliteTable(
  "tenant_role_assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    directoryUserId: integer("directory_user_id")
      .notNull()
      .references(() => directoryUsers.id, { onDelete: "cascade" }),
    role: text("role", {
      enum: ["global_admin", "exchange_admin", "power_platform_admin", "dynamics365_admin"],
    }).notNull(),
    assignedById: integer("assigned_by_id").references(() => directoryUsers.id),
    assignedAt: integer("assigned_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("tenant_role_assignments_user_role_uq").on(t.directoryUserId, t.role),
    index("tenant_role_assignments_role_ix").on(t.role),
  ],
);

/** What Exchange Online knows about an address: the Test & Enable directory check reads it. */
export const exchangeRecipients = sqliteTable(
  "exchange_recipients",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tenantId: integer("tenant_id")
      .notNull()
      .references(() => tenants.id),
    address: text("address").notNull(),
    kind: text("kind", { enum: ["user", "shared"] }).notNull(),
    isLicensed: integer("is_licensed", { mode: "boolean" }).notNull(),
  },
  (t) => [uniqueIndex("exchange_recipients_address_uq").on(t.address)],
);
