import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, tenantRoleAssignments, tenants } from "@/db/schema";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";

export type CreateGlobalAdminResult = { ok: true; userId: number } | { ok: false; message: string };

/**
 * A real installation's first step: the first Global Administrator (and the tenant, named after
 * the email's domain, when there is none yet).
 */
export async function createGlobalAdmin(
  db: Db,
  input: { email: string; name: string; passwordHash: string; now?: Date },
): Promise<CreateGlobalAdminResult> {
  const now = input.now ?? new Date();
  const upn = input.email.trim().toLowerCase();
  const domain = upn.split("@")[1] ?? "";
  return await withTransaction(db, async (tx): Promise<CreateGlobalAdminResult> => {
    if (await first(tx.select().from(directoryUsers).where(eq(directoryUsers.upn, upn)).limit(1))) {
      return { ok: false, message: `A directory user ${upn} already exists.` };
    }
    const tenant =
      (await first(tx.select().from(tenants).limit(1))) ??
      (await single(tx.insert(tenants).values({ name: domain, domain }).returning()));
    const user = await single(
      tx
        .insert(directoryUsers)
        .values({ tenantId: tenant.id, upn, displayName: input.name, passwordHash: input.passwordHash, createdAt: now })
        .returning({ id: directoryUsers.id }),
    );
    await tx.insert(tenantRoleAssignments).values({ directoryUserId: user.id, role: "global_admin", assignedAt: now });
    const target = { type: "directoryUser", id: user.id, label: upn };
    await appendAuditEvent(tx, {
      action: "UserCreated",
      actor: null,
      target,
      after: { upn, displayName: input.name },
      origin: NO_ORIGIN,
      at: now,
    });
    await appendAuditEvent(tx, {
      action: "TenantRoleAssigned",
      actor: null,
      target,
      after: { role: "global_admin" },
      reason: "create-admin command",
      origin: NO_ORIGIN,
      at: now,
    });
    return { ok: true, userId: user.id };
  });
}
