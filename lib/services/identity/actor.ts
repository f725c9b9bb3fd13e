import "server-only";
import { prepare } from "@/db/query";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers, tenantRoleAssignments } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { preparedOnce } from "../prepared";
import { MEMBER_COLUMNS, withRolesOf } from "./member-facts";

/**
 * Builds the actor's facts from the database: tenant roles, every environment membership with
 * its roles (direct and through teams) and their privileges. Read on every request, so a removed
 * role or a disabled account stops working at once. Returns null for an unknown user. The
 * memberships' roles come from withRolesOf, the one builder of role holdings. Five statements, each
 * prepared once (the shell runs this on every page; on PostgreSQL each is a round trip).
 */
export async function loadActor(db: Db, directoryUserId: number): Promise<Actor | null> {
  const q = preparedOnce(db, prepareActorFacts);
  const user = await q.user.get({ id: directoryUserId });
  if (!user) return null;
  const members = await q.memberships.all({ id: user.id });
  const actors = await withRolesOf(db, members);
  // Someone in no environment: their tenant roles alone (withRolesOf reads them with the memberships).
  const tenantRoles = members.length
    ? actors.get(members[0]!.id)!.tenantRoles
    : (await q.tenantRoles.all({ id: user.id })).map((r) => r.role);
  return {
    id: user.id,
    upn: user.upn,
    displayName: user.displayName,
    isEnabled: user.isEnabled,
    tenantRoles,
    memberships: members.flatMap((m) => actors.get(m.id)?.memberships ?? []),
  };
}

function prepareActorFacts(db: Db) {
  const id = sql.placeholder("id");
  return {
    user: prepare(
      db
        .select({
          id: directoryUsers.id,
          upn: directoryUsers.upn,
          displayName: directoryUsers.displayName,
          isEnabled: directoryUsers.isEnabled,
        })
        .from(directoryUsers)
        .where(eq(directoryUsers.id, id)),
    ),
    tenantRoles: prepare(
      db
        .select({ role: tenantRoleAssignments.role })
        .from(tenantRoleAssignments)
        .where(eq(tenantRoleAssignments.directoryUserId, id)),
    ),
    // Every membership of the user, with the same columns as any member's (member-facts.ts).
    memberships: prepare(
      db
        .select(MEMBER_COLUMNS)
        .from(environmentUsers)
        .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
        .where(eq(environmentUsers.directoryUserId, id))
        .orderBy(environmentUsers.id),
    ),
  };
}
