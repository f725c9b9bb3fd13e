import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideAddUserToEnvironment } from "@/lib/policy/environment-membership";
import { decideSelfElevation } from "@/lib/policy/role-assignment";
import { appendAuditEvent } from "../audit/log";
import { createEnvironmentUser, findEnvironmentUserOf } from "./environment-user-additions";
import { environmentExists } from "../settings/environments";
import { invalidInput, NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";

/** "Add user": a directory user joins the environment, with a mailbox pending approval. */
export async function addUserToEnvironment(
  db: Db,
  actor: Actor,
  input: { environmentId: number; directoryUserId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ environmentUserId: number }>> {
  return await withTransaction(db, async (tx) => {
    const decision = decideAddUserToEnvironment(actor, input.environmentId, ctx.now);
    if (!decision.allowed) return refusal(decision);
    // Tenant admins may add to any environment id: after the rule, so no one else learns which exist.
    if (!(await environmentExists(tx, input.environmentId))) return NOT_FOUND_RESULT;
    const dir = await first(
      tx.select().from(directoryUsers).where(eq(directoryUsers.id, input.directoryUserId)).limit(1),
    );
    if (!dir) return invalidInput("directoryUserId", "Choose a user from the directory.");
    if (!dir.isEnabled)
      return invalidInput("directoryUserId", `${dir.displayName} is disabled in the directory and cannot be added.`);
    if (await findEnvironmentUserOf(tx, input.environmentId, dir.id))
      return invalidInput("directoryUserId", `${dir.displayName} is already in this environment.`);
    const eu = (await createEnvironmentUser(tx, { ...input, now: ctx.now }))!;
    await appendAuditEvent(tx, {
      action: "UserAddedToEnvironment",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "environmentUser", id: eu.id, label: `${eu.fullName} <${eu.email}>` },
      after: { email: eu.email, mailbox: "Pending Approval" },
      origin: ctx.origin,
      at: ctx.now,
    });
    return {
      ok: true,
      message: `${dir.displayName} was added to the environment. Their mailbox is pending approval.`,
      environmentUserId: eu.id,
    };
  });
}

/**
 * "Add me as System Administrator" (self-elevation, PPAC's ApplyAdminRole): joins the
 * environment when needed and assigns System Administrator to the actor.
 */
export async function addMeAsSystemAdministrator(
  db: Db,
  actor: Actor,
  input: { environmentId: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx) => {
    const decision = decideSelfElevation(actor, input.environmentId, ctx.now);
    if (!decision.allowed) return refusal(decision);
    if (!(await environmentExists(tx, input.environmentId))) return NOT_FOUND_RESULT;
    const role = (await first(
      tx
        .select()
        .from(securityRoles)
        .where(and(eq(securityRoles.environmentId, input.environmentId), eq(securityRoles.key, "system_administrator")))
        .limit(1),
    ))!;
    const eu =
      (await findEnvironmentUserOf(tx, input.environmentId, actor.id)) ??
      (await createEnvironmentUser(tx, {
        environmentId: input.environmentId,
        directoryUserId: actor.id,
        now: ctx.now,
      }))!;
    if (!eu.isEnabled)
      await tx
        .update(environmentUsers)
        .set({ isEnabled: true, version: eu.version + 1 })
        .where(eq(environmentUsers.id, eu.id));
    // Replaces an ended (dated) assignment, if any.
    await tx
      .delete(userRoleAssignments)
      .where(and(eq(userRoleAssignments.environmentUserId, eu.id), eq(userRoleAssignments.roleId, role.id)));
    await tx
      .insert(userRoleAssignments)
      .values({ environmentUserId: eu.id, roleId: role.id, assignedById: actor.id, assignedAt: ctx.now });
    await appendAuditEvent(tx, {
      action: "ApplyAdminRole",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "environmentUser", id: eu.id, label: `${eu.fullName} <${eu.email}>` },
      after: { role: role.name },
      reason: "Self-elevation by a tenant admin",
      origin: ctx.origin,
      at: ctx.now,
    });
    return { ok: true, message: "You are now a System Administrator of this environment." };
  });
}
