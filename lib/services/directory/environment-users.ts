/**
 * The environment's users: the Users grid (filter, order and page, the query shared with the bench
 * through environmentUsersPageQuery) and one user's page (roles direct and through teams, teams,
 * mailbox). Over 200 lines because both read the same role facts; adding users lives in
 * environment-user-additions.ts.
 */
import "server-only";
import { inJsonIds, likeAnyCase } from "@/db/sql";
import { first, prepare } from "@/db/query";
import { and, asc, count, desc, eq, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "@/db/client";
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
import { isHoldingActive } from "@/lib/policy/actor";
import { preparedForShape, preparedOnce } from "../prepared";
import type { VisibleEnvironment } from "../settings/environments";
import { countEnvironmentUsers } from "./user-counts";

export const USERS_PAGE_SIZE = 50;
export const USER_SORTS = ["name", "email", "status"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const USER_STATES = ["enabled", "disabled"] as const;
export type UserState = (typeof USER_STATES)[number];

export type UserListQuery = {
  q: string;
  roleId: number | null;
  /** DOMAIN §8's Enabled filter; null for everyone. Enabled means here and in the directory. */
  state?: UserState | null;
  sort: UserSort;
  dir: "asc" | "desc";
  page: number;
};

export type UserRow = {
  id: number;
  fullName: string;
  email: string;
  isEnabled: boolean;
  version: number;
  /** Direct roles; an expired one stays listed, marked, and grants nothing (DOMAIN §4). */
  roles: { roleId: number; name: string; key: string | null; endsAt: Date | null; isExpired: boolean }[];
};

// The list's statements bind these, so one prepared statement serves every page of a shape.
const P = {
  environmentId: sql.placeholder("environmentId"),
  pattern: sql.placeholder("pattern"),
  roleId: sql.placeholder("roleId"),
  limit: sql.placeholder("limit"),
  offset: sql.placeholder("offset"),
  userIds: sql.placeholder("userIds"),
};

/** Which statement a query needs: its filters and order, never their values. */
const shapeOf = (query: Omit<UserListQuery, "page">) =>
  `${Boolean(query.q)}:${Boolean(query.roleId)}:${query.state ?? "all"}:${query.sort}:${query.dir}`;

/** The values for a query's placeholders. */
export function environmentUsersValues(environmentId: number, query: UserListQuery) {
  return {
    environmentId,
    pattern: `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
    roleId: query.roleId,
    limit: USERS_PAGE_SIZE,
    offset: (query.page - 1) * USERS_PAGE_SIZE,
  };
}

/**
 * One page of an environment's users with their direct roles; indexed on (environment, name, id).
 * Its three statements are prepared once per shape and kept: building them with Drizzle cost more
 * than running them (issue 20). Without a search or role filter the total is the maintained count.
 */
export async function listEnvironmentUsers(
  db: Db,
  environment: VisibleEnvironment<"users">,
  query: UserListQuery,
  now: Date,
): Promise<{ rows: UserRow[]; total: number }> {
  const shape = shapeOf(query);
  const values = environmentUsersValues(environment.id, query);
  const users = await preparedForShape(db, `users-page:${shape}`, (db) =>
    prepare(environmentUsersPageQuery(db, query)),
  ).all(values);
  const total =
    !query.q && !query.roleId
      ? await countEnvironmentUsers(db, environment.id, query.state ? query.state === "enabled" : null)
      : ((
          await preparedForShape(db, `users-count:${shape}`, (db) =>
            prepare(db.select({ n: count() }).from(environmentUsers).where(environmentUsersFilter(db, query))),
          ).get(values)
        )?.n ?? 0);
  const roles = await directRolesOf(
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

function environmentUsersFilter(db: Db, query: Omit<UserListQuery, "page">) {
  const filters: SQL[] = [eq(environmentUsers.environmentId, P.environmentId)];
  if (query.q) {
    filters.push(
      or(likeAnyCase(environmentUsers.fullName, P.pattern), likeAnyCase(environmentUsers.email, P.pattern))!,
    );
  }
  if (query.state) {
    // A subquery, not a join: the count reads environment_users alone.
    const isEnabled = and(
      eq(environmentUsers.isEnabled, true),
      inArray(
        environmentUsers.directoryUserId,
        db.select({ id: directoryUsers.id }).from(directoryUsers).where(eq(directoryUsers.isEnabled, true)),
      ),
    )!;
    filters.push(query.state === "enabled" ? isEnabled : sql`not (${isEnabled})`);
  }
  if (query.roleId) {
    filters.push(
      inArray(
        environmentUsers.id,
        db
          .select({ id: userRoleAssignments.environmentUserId })
          .from(userRoleAssignments)
          .where(eq(userRoleAssignments.roleId, P.roleId)),
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

/** A page of the list, its values as placeholders (environmentUsersValues fills them). */
export function environmentUsersPageQuery(db: Db, query: Omit<UserListQuery, "page">) {
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
    .where(environmentUsersFilter(db, query))
    .orderBy(...ORDER_COLUMNS[query.sort].map((column) => order(column)))
    .limit(P.limit)
    .offset(P.offset);
}

/** The page's users' direct roles; their ids bound as one JSON array, so the statement is kept. */
async function directRolesOf(db: Db, environmentUserIds: number[], now: Date) {
  const rows = environmentUserIds.length
    ? await preparedOnce(db, prepareDirectRoles).all({ userIds: JSON.stringify(environmentUserIds) })
    : [];
  const byUser = new Map<number, UserRow["roles"]>();
  for (const { userId, ...role } of rows)
    byUser.set(userId, [...(byUser.get(userId) ?? []), { ...role, isExpired: !isHoldingActive(role, now) }]);
  return byUser;
}

const prepareDirectRoles = (db: Db) =>
  prepare(
    db
      .select({
        userId: userRoleAssignments.environmentUserId,
        roleId: securityRoles.id,
        name: securityRoles.name,
        key: securityRoles.key,
        endsAt: userRoleAssignments.endsAt,
      })
      .from(userRoleAssignments)
      .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
      .where(inJsonIds(userRoleAssignments.environmentUserId, P.userIds))
      .orderBy(asc(securityRoles.name)),
  );

/** A user's detail: direct roles (with DMA terms), roles through teams, teams, and the mailbox. */
export async function getEnvironmentUserDetail(
  db: Db,
  environment: VisibleEnvironment<"users">,
  environmentUserId: number,
  now: Date,
) {
  const environmentId = environment.id;
  const user = await first(
    db
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
      .limit(1),
  );
  if (!user) return null;
  const direct = await db
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
    .orderBy(asc(securityRoles.name));
  const memberOf = await db
    .select({ id: teams.id, name: teams.name, type: teams.type })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.environmentUserId, user.id))
    .orderBy(asc(teams.name));
  const viaTeams = memberOf.length
    ? await db
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
    : [];
  const mailbox =
    (await first(
      db
        .select({ id: mailboxes.id, emailAddress: mailboxes.emailAddress, emailStatus: mailboxes.emailStatus })
        .from(mailboxes)
        .where(eq(mailboxes.regardingUserId, user.id))
        .limit(1),
    )) ?? null;
  return {
    ...user,
    isEnabled: user.isEnabled && user.directoryEnabled,
    direct: direct.map((r) => ({ ...r, isExpired: !isHoldingActive(r, now) })),
    viaTeams,
    teams: memberOf,
    mailbox,
  };
}
