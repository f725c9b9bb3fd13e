import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { tenantRoleAssignments } from "@/db/schema";
import { TENANT_ROLE_KEYS, type TenantRole } from "@/lib/policy/catalog";
import { diffTenantRoles } from "@/lib/policy/sso-claims";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";

/**
 * With single sign-on the identity provider owns the tenant roles (DOMAIN §11): at every sign-in
 * the user's roles become exactly the token's, inside the sign-in's transaction, and one
 * `TenantRolesSynced` event records the roles before and after whenever they differ.
 */
export async function syncTenantRoles(
  tx: Tx,
  input: { user: { id: number; upn: string }; roles: readonly TenantRole[]; origin: RequestOrigin; at: Date },
): Promise<{ added: TenantRole[]; removed: TenantRole[] }> {
  const before = await currentTenantRoles(tx, input.user.id);
  const change = diffTenantRoles(before, input.roles);
  if (change.added.length === 0 && change.removed.length === 0) return change;
  if (change.removed.length)
    await tx
      .delete(tenantRoleAssignments)
      .where(
        and(
          eq(tenantRoleAssignments.directoryUserId, input.user.id),
          inArray(tenantRoleAssignments.role, change.removed),
        ),
      );
  if (change.added.length)
    await tx
      .insert(tenantRoleAssignments)
      .values(change.added.map((role) => ({ directoryUserId: input.user.id, role, assignedAt: input.at })));
  await appendAuditEvent(tx, {
    action: "TenantRolesSynced",
    actor: input.user,
    target: { type: "directoryUser", id: input.user.id, label: input.user.upn },
    before: { roles: before },
    after: { roles: TENANT_ROLE_KEYS.filter((role) => input.roles.includes(role)) },
    reason: "Single sign-on: roles from the token's wids claim",
    origin: input.origin,
    at: input.at,
  });
  return change;
}

export async function currentTenantRoles(tx: Tx, userId: number): Promise<TenantRole[]> {
  const held = new Set(
    (
      await tx
        .select({ role: tenantRoleAssignments.role })
        .from(tenantRoleAssignments)
        .where(eq(tenantRoleAssignments.directoryUserId, userId))
    ).map((r) => r.role),
  );
  return TENANT_ROLE_KEYS.filter((role) => held.has(role));
}
