import "server-only";
import { and, asc, count, desc, eq, inArray, notExists, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  directoryUsers,
  environmentUsers,
  mailboxes,
  securityRoles,
  teamMembers,
  teamRoleAssignments,
  teams,
  userRoleAssignments,
} from "@/db/schema";
import { isHoldingActive, type Actor } from "@/lib/policy/actor";
import { EmailStatus } from "@/lib/policy/catalog";
import { decideAddUserToEnvironment } from "@/lib/policy/environment-membership";
import { refusal, type Refusal } from "../result";
import { recordPendingEntries } from "../notifications/digests";
import { readEmailSettings } from "../settings/email-settings";
import type { VisibleEnvironment } from "../settings/environments";

export const USERS_PAGE_SIZE = 50;
export const USER_SORTS = ["name", "email", "status"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export type UserListQuery = { q: string; roleId: number | null; sort: UserSort; dir: "asc" | "desc"; page: number };

export type UserRow = {
  id: number;
  fullName: string;
  email: string;
  isEnabled: boolean;
  version: number;
  /** Direct roles; an expired one stays listed, marked, and grants nothing (DOMAIN §4). */
  roles: { roleId: number; name: string; key: string | null; endsAt: Date | null; isExpired: boolean }[];
};

/** One page of an environment's users with their direct roles; indexed on (environment, name, id). */
export function listEnvironmentUsers(
  db: Db,
  environment: VisibleEnvironment<"users">,
  query: UserListQuery,
  now: Date,
): { rows: UserRow[]; total: number } {
  const environmentId = environment.id;
  const where = environmentUsersFilter(db, environmentId, query);
  const users = environmentUsersPageQuery(db, environmentId, query).all();
  const total = db.select({ n: count() }).from(environmentUsers).where(where).get()?.n ?? 0;
  const roles = directRolesOf(
    db,
    users.map((u) => u.id),
    now,
  );
  return {
    total,
    rows: users.map(({ directoryEnabled, ...u }) => ({
      ...u,
      isEnabled: u.isEnabled && directoryEnabled,
      roles: roles.get(u.id) ?? [],
    })),
  };
}

function environmentUsersFilter(db: Db, environmentId: number, query: UserListQuery) {
  const filters: SQL[] = [eq(environmentUsers.environmentId, environmentId)];
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    filters.push(
      or(
        sql`${environmentUsers.fullName} like ${pattern} escape '\\'`,
        sql`${environmentUsers.email} like ${pattern} escape '\\'`,
      )!,
    );
  }
  if (query.roleId) {
    filters.push(
      inArray(
        environmentUsers.id,
        db
          .select({ id: userRoleAssignments.environmentUserId })
          .from(userRoleAssignments)
          .where(eq(userRoleAssignments.roleId, query.roleId)),
      ),
    );
  }
  return and(...filters);
}

/**
 * Each sort's columns, ending in the id that breaks ties. The id goes the same way as the sort,
 * so one index serves both directions read forwards or backwards: (environment, name, id),
 * (environment, email) + rowid, (environment, is_enabled, name, id). No temporary B-tree.
 */
const ORDER_COLUMNS: Record<UserSort, SQLWrapper[]> = {
  name: [environmentUsers.fullName, environmentUsers.id],
  email: [environmentUsers.email, environmentUsers.id],
  status: [environmentUsers.isEnabled, environmentUsers.fullName, environmentUsers.id],
};

export function environmentUsersPageQuery(db: Db, environmentId: number, query: UserListQuery) {
  const order = query.dir === "desc" ? desc : asc;
  return db
    .select({
      id: environmentUsers.id,
      fullName: environmentUsers.fullName,
      email: environmentUsers.email,
      isEnabled: environmentUsers.isEnabled,
      version: environmentUsers.version,
      directoryEnabled: directoryUsers.isEnabled,
    })
    .from(environmentUsers)
    .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
    .where(environmentUsersFilter(db, environmentId, query))
    .orderBy(...ORDER_COLUMNS[query.sort].map((column) => order(column)))
    .limit(USERS_PAGE_SIZE)
    .offset((query.page - 1) * USERS_PAGE_SIZE);
}

function directRolesOf(db: Db, environmentUserIds: number[], now: Date) {
  const rows = environmentUserIds.length
    ? db
        .select({
          userId: userRoleAssignments.environmentUserId,
          roleId: securityRoles.id,
          name: securityRoles.name,
          key: securityRoles.key,
          endsAt: userRoleAssignments.endsAt,
        })
        .from(userRoleAssignments)
        .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
        .where(inArray(userRoleAssignments.environmentUserId, environmentUserIds))
        .orderBy(asc(securityRoles.name))
        .all()
    : [];
  const byUser = new Map<number, UserRow["roles"]>();
  for (const { userId, ...role } of rows)
    byUser.set(userId, [...(byUser.get(userId) ?? []), { ...role, isExpired: !isHoldingActive(role, now) }]);
  return byUser;
}

/** A user's detail: direct roles (with DMA terms), roles through teams, teams, and the mailbox. */
export function getEnvironmentUserDetail(
  db: Db,
  environment: VisibleEnvironment<"users">,
  environmentUserId: number,
  now: Date,
) {
  const environmentId = environment.id;
  const user = db
    .select({
      id: environmentUsers.id,
      fullName: environmentUsers.fullName,
      email: environmentUsers.email,
      isEnabled: environmentUsers.isEnabled,
      version: environmentUsers.version,
      upn: directoryUsers.upn,
      directoryEnabled: directoryUsers.isEnabled,
    })
    .from(environmentUsers)
    .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
    .where(and(eq(environmentUsers.id, environmentUserId), eq(environmentUsers.environmentId, environmentId)))
    .get();
  if (!user) return null;
  const direct = db
    .select({
      assignmentId: userRoleAssignments.id,
      roleId: securityRoles.id,
      name: securityRoles.name,
      key: securityRoles.key,
      assignedAt: userRoleAssignments.assignedAt,
      endsAt: userRoleAssignments.endsAt,
      justification: userRoleAssignments.justification,
      assignedBy: directoryUsers.displayName,
    })
    .from(userRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
    .leftJoin(directoryUsers, eq(directoryUsers.id, userRoleAssignments.assignedById))
    .where(eq(userRoleAssignments.environmentUserId, user.id))
    .orderBy(asc(securityRoles.name))
    .all();
  const memberOf = db
    .select({ id: teams.id, name: teams.name, type: teams.type })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.environmentUserId, user.id))
    .orderBy(asc(teams.name))
    .all();
  const viaTeams = memberOf.length
    ? db
        .select({ roleId: securityRoles.id, name: securityRoles.name, teamName: teams.name })
        .from(teamRoleAssignments)
        .innerJoin(securityRoles, eq(securityRoles.id, teamRoleAssignments.roleId))
        .innerJoin(teams, eq(teams.id, teamRoleAssignments.teamId))
        .where(
          inArray(
            teamRoleAssignments.teamId,
            memberOf.map((t) => t.id),
          ),
        )
        .all()
    : [];
  const mailbox =
    db
      .select({ id: mailboxes.id, emailAddress: mailboxes.emailAddress, emailStatus: mailboxes.emailStatus })
      .from(mailboxes)
      .where(eq(mailboxes.regardingUserId, user.id))
      .get() ?? null;
  return {
    ...user,
    isEnabled: user.isEnabled && user.directoryEnabled,
    direct: direct.map((r) => ({ ...r, isExpired: !isHoldingActive(r, now) })),
    viaTeams,
    teams: memberOf,
    mailbox,
  };
}

export const ADDABLE_USERS_LIMIT = 20;
/** A single letter would match a 26th of the directory: the search starts at two. */
export const DIRECTORY_SEARCH_MIN_LENGTH = 2;
export type AddableDirectoryUser = { id: number; displayName: string; upn: string };
export type AddableUsersResult = { ok: true; users: AddableDirectoryUser[]; hasMore: boolean } | Refusal;

/** `text` starts with `prefix`, as a range an index can seek (U+10FFFF sorts after every character). */
const startsWith = (text: SQLWrapper, prefix: SQLWrapper | string) =>
  sql`(${text} >= ${prefix} and ${text} < ${prefix} || char(1114111))`;

/**
 * Enabled directory users not yet in the environment whose display name or UPN starts with `q`,
 * either case, by name. Each prefix is a range of one index — lower(display_name), and upn
 * (stored lower-case, as JavaScript lowers it) — so the cost follows the matches, not the directory.
 */
export function addableDirectoryUsersQuery(db: Db, environmentId: number, q: string) {
  const lowerName = sql`lower(${directoryUsers.displayName})`;
  const isMember = db
    .select({ id: environmentUsers.id })
    .from(environmentUsers)
    .where(
      and(eq(environmentUsers.environmentId, environmentId), eq(environmentUsers.directoryUserId, directoryUsers.id)),
    );
  return db
    .select({ id: directoryUsers.id, displayName: directoryUsers.displayName, upn: directoryUsers.upn })
    .from(directoryUsers)
    .where(
      and(
        eq(directoryUsers.isEnabled, true),
        or(startsWith(lowerName, sql`lower(${q})`), startsWith(directoryUsers.upn, q.toLowerCase())),
        notExists(isMember),
      ),
    )
    .orderBy(lowerName, asc(directoryUsers.id))
    .limit(ADDABLE_USERS_LIMIT + 1);
}

/** "Add user"'s search, for those who may add users to the environment (the same rule as adding). */
export function findAddableDirectoryUsers(
  db: Db,
  actor: Actor,
  input: { environmentId: number; q: string },
  now: Date,
): AddableUsersResult {
  const decision = decideAddUserToEnvironment(actor, input.environmentId, now);
  if (!decision.allowed) return refusal(decision);
  const q = input.q.trim();
  if ([...q].length < DIRECTORY_SEARCH_MIN_LENGTH) return { ok: true, users: [], hasMore: false };
  const users = addableDirectoryUsersQuery(db, input.environmentId, q).all();
  return { ok: true, users: users.slice(0, ADDABLE_USERS_LIMIT), hasMore: users.length > ADDABLE_USERS_LIMIT };
}

/**
 * Creates a directory user's membership of an environment with its mailbox, which starts Pending
 * Approval with the environment's default profile and sync methods (DOMAIN §5). Caller audits.
 */
export function createEnvironmentUser(tx: Tx, input: { environmentId: number; directoryUserId: number; now: Date }) {
  const dir = tx.select().from(directoryUsers).where(eq(directoryUsers.id, input.directoryUserId)).get();
  if (!dir) return null;
  const eu = tx
    .insert(environmentUsers)
    .values({
      environmentId: input.environmentId,
      directoryUserId: dir.id,
      fullName: dir.displayName,
      email: dir.upn,
      isEnabled: dir.isEnabled,
      createdAt: input.now,
    })
    .returning()
    .get();
  const defaults = readEmailSettings(tx, input.environmentId);
  const mailbox = tx
    .insert(mailboxes)
    .values({
      environmentId: input.environmentId,
      name: dir.displayName,
      emailAddress: dir.upn,
      regardingType: "user",
      regardingUserId: eu.id,
      ownerId: eu.id,
      serverProfileId: defaults.defaultServerProfileId,
      incomingMethod: defaults.defaultIncomingMethod,
      outgoingMethod: defaults.defaultOutgoingMethod,
      actMethod: defaults.defaultActMethod,
      emailStatus: EmailStatus.PendingApproval,
      pendingSince: input.now,
      createdAt: input.now,
    })
    .returning({ id: mailboxes.id })
    .get();
  recordPendingEntries(tx, [{ environmentId: input.environmentId, mailboxId: mailbox.id }], input.now);
  return eu;
}

export function findEnvironmentUserOf(db: Db | Tx, environmentId: number, directoryUserId: number) {
  return (
    db
      .select()
      .from(environmentUsers)
      .where(
        and(eq(environmentUsers.environmentId, environmentId), eq(environmentUsers.directoryUserId, directoryUserId)),
      )
      .get() ?? null
  );
}
