import "server-only";
import { prepare } from "@/db/query";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers, tenantRoleAssignments } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { preparedOnce } from "../prepared";
import { loadMemberActors } from "./member-facts";

/**
 * Builds the actor's facts from the database: tenant roles, every environment membership with
 * its roles (direct and through teams) and their privileges. Read on every request, so a removed
 * role or a disabled account stops working at once. Returns null for an unknown user. The
 * memberships come from loadMemberActors, the one builder of role holdings; every statement is
 * prepared once (the shell runs this on every page).
 */
export async function loadActor(db: Db, directoryUserId: number): Promise<Actor | null> {
  const q = preparedOnce(db, prepareActorFacts);
  const user = await q.user.get({ id: directoryUserId });
  if (!user) return null;
  const tenantRoles = (await q.tenantRoles.all({ id: user.id })).map((r) => r.role);
  const envUserIds = (await q.environmentUserIds.all({ id: user.id })).map((r) => r.id);
  const members = await loadMemberActors(db, envUserIds);
  return {
    id: user.id,
    upn: user.upn,
    displayName: user.displayName,
    isEnabled: user.isEnabled,
    tenantRoles,
    memberships: envUserIds.flatMap((id) => members.get(id)?.memberships ?? []),
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
    environmentUserIds: prepare(
      db.select({ id: environmentUsers.id }).from(environmentUsers).where(eq(environmentUsers.directoryUserId, id)),
    ),
  };
}
