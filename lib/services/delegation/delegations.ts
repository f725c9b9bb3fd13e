import "server-only";
import { and, asc, eq, isNotNull, isNull, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import { isHoldingActive } from "@/lib/policy/actor";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";

export type Delegation = {
  environmentUserId: number;
  name: string;
  email: string;
  isEnabled: boolean;
  hasSystemAdministrator: boolean;
  assignedBy: string | null;
  assignedAt: Date;
  endsAt: Date | null;
  justification: string | null;
  isExpired: boolean;
};

function roleIdOf(db: Db, environmentId: number, key: string): number | null {
  return (
    db
      .select({ id: securityRoles.id })
      .from(securityRoles)
      .where(and(eq(securityRoles.environmentId, environmentId), eq(securityRoles.key, key)))
      .get()?.id ?? null
  );
}

/** The holders of Delegated Mailbox Approver in an environment, with what they still need to approve. */
export function listDelegations(db: Db, environmentId: number, now: Date): Delegation[] {
  const dmaId = roleIdOf(db, environmentId, "delegated_mailbox_approver");
  const sysAdminId = roleIdOf(db, environmentId, "system_administrator");
  if (!dmaId || !sysAdminId) return [];
  const assigner = alias(directoryUsers, "assigner");
  const sysAdmin = alias(userRoleAssignments, "sys_admin");
  return db
    .select({
      environmentUserId: environmentUsers.id,
      name: environmentUsers.fullName,
      email: environmentUsers.email,
      isEnabled: environmentUsers.isEnabled,
      sysAdminEndsAt: sysAdmin.endsAt,
      sysAdminAssigned: sysAdmin.id,
      assignedBy: assigner.displayName,
      assignedAt: userRoleAssignments.assignedAt,
      endsAt: userRoleAssignments.endsAt,
      justification: userRoleAssignments.justification,
    })
    .from(userRoleAssignments)
    .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
    .leftJoin(assigner, eq(assigner.id, userRoleAssignments.assignedById))
    .leftJoin(sysAdmin, and(eq(sysAdmin.environmentUserId, environmentUsers.id), eq(sysAdmin.roleId, sysAdminId)))
    .where(eq(userRoleAssignments.roleId, dmaId))
    .orderBy(asc(environmentUsers.fullName))
    .all()
    .map(({ sysAdminEndsAt, sysAdminAssigned, ...row }) => ({
      ...row,
      // Direct System Administrator only: the approval check (DOMAIN §3) also counts teams, shown on the user's page.
      hasSystemAdministrator: sysAdminAssigned !== null && isHoldingActive({ endsAt: sysAdminEndsAt }, now),
      isExpired: !isHoldingActive(row, now),
    }));
}

/**
 * Writes each dated assignment's expiry to the audit log once. Expiry itself needs no job: the
 * policy compares end dates at check time; this only records that it happened.
 */
export function auditExpiredAssignments(db: Db, now: Date): number {
  return db.transaction(
    (tx) => {
      const expired = tx
        .select({
          id: userRoleAssignments.id,
          endsAt: userRoleAssignments.endsAt,
          role: securityRoles.name,
          environmentId: securityRoles.environmentId,
          userId: environmentUsers.id,
          name: environmentUsers.fullName,
          email: environmentUsers.email,
        })
        .from(userRoleAssignments)
        .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
        .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
        .where(
          and(
            isNotNull(userRoleAssignments.endsAt),
            lte(userRoleAssignments.endsAt, now),
            isNull(userRoleAssignments.expiryAuditedAt),
          ),
        )
        .all();
      for (const row of expired) {
        tx.update(userRoleAssignments).set({ expiryAuditedAt: now }).where(eq(userRoleAssignments.id, row.id)).run();
        appendAuditEvent(tx, {
          action: "RoleExpired",
          actor: null,
          environmentId: row.environmentId,
          target: { type: "environmentUser", id: row.userId, label: `${row.name} <${row.email}>` },
          before: { role: row.role, state: "Active" },
          after: { role: row.role, state: "Expired", endedAt: row.endsAt!.toISOString() },
          reason: "The assignment reached its end date.",
          origin: NO_ORIGIN,
          at: now,
        });
      }
      return expired.length;
    },
    { behavior: "immediate" },
  );
}

/** Enabled users who could receive the role, and whether each already holds System Administrator (directly or through a team). */
export function listDelegationCandidates(db: Db, environmentId: number, now: Date) {
  const sysAdminId = roleIdOf(db, environmentId, "system_administrator");
  const rows = db.$client
    .prepare(
      `select eu.id, eu.full_name as name, eu.email,
         exists (select 1 from user_role_assignments a where a.environment_user_id = eu.id and a.role_id = ? and (a.ends_at is null or a.ends_at > ?))
         or exists (select 1 from team_members m join team_role_assignments t on t.team_id = m.team_id where m.environment_user_id = eu.id and t.role_id = ?) as has_sa
       from environment_users eu join directory_users d on d.id = eu.directory_user_id
       where eu.environment_id = ? and eu.is_enabled = 1 and d.is_enabled = 1
       order by eu.full_name, eu.id`,
    )
    .all(sysAdminId, now.getTime(), sysAdminId, environmentId) as {
    id: number;
    name: string;
    email: string;
    has_sa: number;
  }[];
  return rows.map(({ has_sa, ...r }) => ({ ...r, hasSystemAdministrator: has_sa === 1 }));
}
