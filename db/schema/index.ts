import { DIALECT } from "../dialect";
import * as pg from "../pg/schema";
import * as sqlite from "./tables";

export * from "./tables";

/**
 * The tables for the dialect this process runs on (db/dialect.ts). SQLite's definitions (./tables)
 * are the one source: PostgreSQL's are derived from them (db/pg/schema.ts), so both have the same
 * names and columns and the services read one set of types. Everything else in ./tables (types,
 * named values) is dialect-free and exported as is. db/schema/index.test.ts checks this list is
 * every table.
 */
const chosen = (DIALECT === "postgresql" ? pg : sqlite) as unknown as typeof sqlite;

export const directoryUsers = chosen.directoryUsers;
export const exchangeRecipients = chosen.exchangeRecipients;
export const tenantRoleAssignments = chosen.tenantRoleAssignments;
export const tenants = chosen.tenants;
export const environmentUserCounts = chosen.environmentUserCounts;
export const environmentUsers = chosen.environmentUsers;
export const environments = chosen.environments;
export const rolePrivileges = chosen.rolePrivileges;
export const securityRoles = chosen.securityRoles;
export const teamMembers = chosen.teamMembers;
export const teamRoleAssignments = chosen.teamRoleAssignments;
export const teams = chosen.teams;
export const userRoleAssignments = chosen.userRoleAssignments;
export const alerts = chosen.alerts;
export const bulkJobInputs = chosen.bulkJobInputs;
export const bulkJobs = chosen.bulkJobs;
export const emailSettings = chosen.emailSettings;
export const mailboxCounts = chosen.mailboxCounts;
export const mailboxes = chosen.mailboxes;
export const queues = chosen.queues;
export const serverProfiles = chosen.serverProfiles;
export const auditChain = chosen.auditChain;
export const auditEvents = chosen.auditEvents;
export const sessions = chosen.sessions;
export const signInThrottle = chosen.signInThrottle;
export const approvalSnapshots = chosen.approvalSnapshots;
export const emailOutbox = chosen.emailOutbox;
export const notificationPreferences = chosen.notificationPreferences;
export const notifications = chosen.notifications;
export const accessReviewEnvironments = chosen.accessReviewEnvironments;
export const accessReviewItems = chosen.accessReviewItems;
export const accessReviewReviewers = chosen.accessReviewReviewers;
export const accessReviews = chosen.accessReviews;
export const apiTokens = chosen.apiTokens;
export const approvalDigestItems = chosen.approvalDigestItems;
export const approvalDigests = chosen.approvalDigests;
export const approvalRequests = chosen.approvalRequests;
export const userPreferences = chosen.userPreferences;
