import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, tenantRoleAssignments } from "@/db/schema";
import type { TenantRole } from "@/lib/policy/catalog";

/** Directory users with their tenant roles: what the governance rules (reminders, reviews) decide on. */
export type Person = { id: number; upn: string; name: string; isEnabled: boolean; tenantRoles: TenantRole[] };

function withRoles(db: Db | Tx, users: Omit<Person, "tenantRoles">[]): Person[] {
  if (users.length === 0) return [];
  const roles = db
    .select({ userId: tenantRoleAssignments.directoryUserId, role: tenantRoleAssignments.role })
    .from(tenantRoleAssignments)
    .where(
      inArray(
        tenantRoleAssignments.directoryUserId,
        users.map((u) => u.id),
      ),
    )
    .all();
  return users.map((u) => ({ ...u, tenantRoles: roles.filter((r) => r.userId === u.id).map((r) => r.role) }));
}

const PERSON = {
  id: directoryUsers.id,
  upn: directoryUsers.upn,
  name: directoryUsers.displayName,
  isEnabled: directoryUsers.isEnabled,
};

export function loadPeople(db: Db | Tx, ids: readonly number[]): Map<number, Person> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = db.select(PERSON).from(directoryUsers).where(inArray(directoryUsers.id, unique)).all();
  return new Map(withRoles(db, users).map((p) => [p.id, p]));
}

/** Enabled Global and Exchange Administrators, in name order (found through the tenant role index). */
export function listDelegationAdmins(db: Db | Tx): Person[] {
  const ids = db
    .selectDistinct({ id: tenantRoleAssignments.directoryUserId })
    .from(tenantRoleAssignments)
    .where(inArray(tenantRoleAssignments.role, ["global_admin", "exchange_admin"]))
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const users = db
    .select(PERSON)
    .from(directoryUsers)
    .where(inArray(directoryUsers.id, ids))
    .orderBy(asc(directoryUsers.displayName), asc(directoryUsers.id))
    .all()
    .filter((u) => u.isEnabled);
  return withRoles(db, users);
}

export function findPerson(db: Db | Tx, id: number): Person | null {
  const user = db.select(PERSON).from(directoryUsers).where(eq(directoryUsers.id, id)).get();
  return user ? withRoles(db, [user])[0]! : null;
}
