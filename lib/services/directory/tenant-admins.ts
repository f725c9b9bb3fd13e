import "server-only";
import { first } from "@/db/query";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, tenantRoleAssignments } from "@/db/schema";
import type { TenantRole } from "@/lib/policy/catalog";

/** Directory users with their tenant roles: what the governance rules (reminders, reviews) decide on. */
export type Person = { id: number; upn: string; name: string; isEnabled: boolean; tenantRoles: TenantRole[] };

async function withRoles(db: Db | Tx, users: Omit<Person, "tenantRoles">[]): Promise<Person[]> {
  if (users.length === 0) return [];
  const roles = await db
    .select({ userId: tenantRoleAssignments.directoryUserId, role: tenantRoleAssignments.role })
    .from(tenantRoleAssignments)
    .where(
      inArray(
        tenantRoleAssignments.directoryUserId,
        users.map((u) => u.id),
      ),
    );
  return users.map((u) => ({ ...u, tenantRoles: roles.filter((r) => r.userId === u.id).map((r) => r.role) }));
}

const PERSON = {
  id: directoryUsers.id,
  upn: directoryUsers.upn,
  name: directoryUsers.displayName,
  isEnabled: directoryUsers.isEnabled,
};

export async function loadPeople(db: Db | Tx, ids: readonly number[]): Promise<Map<number, Person>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await db.select(PERSON).from(directoryUsers).where(inArray(directoryUsers.id, unique));
  return new Map((await withRoles(db, users)).map((p) => [p.id, p]));
}

/** Enabled Global and Exchange Administrators, in name order (found through the tenant role index). */
export async function listDelegationAdmins(db: Db | Tx): Promise<Person[]> {
  const ids = (
    await db
      .selectDistinct({ id: tenantRoleAssignments.directoryUserId })
      .from(tenantRoleAssignments)
      .where(inArray(tenantRoleAssignments.role, ["global_admin", "exchange_admin"]))
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const users = (
    await db
      .select(PERSON)
      .from(directoryUsers)
      .where(inArray(directoryUsers.id, ids))
      .orderBy(asc(directoryUsers.displayName), asc(directoryUsers.id))
  ).filter((u) => u.isEnabled);
  return await withRoles(db, users);
}

export async function findPerson(db: Db | Tx, id: number): Promise<Person | null> {
  const user = await first(db.select(PERSON).from(directoryUsers).where(eq(directoryUsers.id, id)).limit(1));
  return user ? (await withRoles(db, [user]))[0]! : null;
}
