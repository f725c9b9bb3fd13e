import * as sqlite from "../schema/tables";
import { derivePgTable } from "./derive";

/**
 * Every table of db/schema for PostgreSQL, under the same names (drizzle.pg.config.ts generates
 * db/pg/migrations from this file). Derived, never written twice: db/pg/schema.test.ts fails when a
 * SQLite table has no line here.
 */
export const directoryUsers = derivePgTable(sqlite.directoryUsers);
export const exchangeRecipients = derivePgTable(sqlite.exchangeRecipients);
export const tenantRoleAssignments = derivePgTable(sqlite.tenantRoleAssignments);
export const tenants = derivePgTable(sqlite.tenants);
export const environmentUserCounts = derivePgTable(sqlite.environmentUserCounts);
export const environmentUsers = derivePgTable(sqlite.environmentUsers);
export const environments = derivePgTable(sqlite.environments);
export const rolePrivileges = derivePgTable(sqlite.rolePrivileges);
export const securityRoles = derivePgTable(sqlite.securityRoles);
export const teamMembers = derivePgTable(sqlite.teamMembers);
export const teamRoleAssignments = derivePgTable(sqlite.teamRoleAssignments);
export const teams = derivePgTable(sqlite.teams);
export const userRoleAssignments = derivePgTable(sqlite.userRoleAssignments);
export const alerts = derivePgTable(sqlite.alerts);
export const bulkJobInputs = derivePgTable(sqlite.bulkJobInputs);
export const bulkJobs = derivePgTable(sqlite.bulkJobs);
export const emailSettings = derivePgTable(sqlite.emailSettings);
export const mailboxCounts = derivePgTable(sqlite.mailboxCounts);
export const mailboxes = derivePgTable(sqlite.mailboxes);
export const queues = derivePgTable(sqlite.queues);
export const serverProfiles = derivePgTable(sqlite.serverProfiles);
export const auditChain = derivePgTable(sqlite.auditChain);
export const auditEvents = derivePgTable(sqlite.auditEvents);
export const sessions = derivePgTable(sqlite.sessions);
export const signInThrottle = derivePgTable(sqlite.signInThrottle);
export const approvalSnapshots = derivePgTable(sqlite.approvalSnapshots);
export const emailOutbox = derivePgTable(sqlite.emailOutbox);
export const notificationPreferences = derivePgTable(sqlite.notificationPreferences);
export const notifications = derivePgTable(sqlite.notifications);
export const accessReviewEnvironments = derivePgTable(sqlite.accessReviewEnvironments);
export const accessReviewItems = derivePgTable(sqlite.accessReviewItems);
export const accessReviewReviewers = derivePgTable(sqlite.accessReviewReviewers);
export const accessReviews = derivePgTable(sqlite.accessReviews);
export const apiTokens = derivePgTable(sqlite.apiTokens);
export const approvalDigestItems = derivePgTable(sqlite.approvalDigestItems);
export const approvalDigests = derivePgTable(sqlite.approvalDigests);
export const approvalRequests = derivePgTable(sqlite.approvalRequests);
export const userPreferences = derivePgTable(sqlite.userPreferences);
