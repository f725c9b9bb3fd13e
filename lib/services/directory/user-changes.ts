import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, exchangeRecipients, tenantRoleAssignments } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { TenantRole } from "@/lib/policy/catalog";
import {
  decideCreateDirectoryUser,
  decideEditExchangeFacts,
  decideManageTenantRoles,
  decideSetUserEnabled,
} from "@/lib/policy/tenant-admin";
import { appendAuditEvent, changedFields } from "../audit/log";
import { auditBase, changeUser, type Change, type Who } from "./change-user";
import { byCatalogOrder, tenantIdOf, type ExchangeFacts, type Target } from "./users";
import { revokeUserSessions, type RevokeCause } from "../identity/sessions";
import { invalidInput, refusal, type ServiceResult } from "../result";

/** The tenant admin area's changes: create, enable or disable, tenant roles, Exchange facts; each one transaction with its audit events. */

/** Someone else's change ended all of the user's sessions: they sign in again with what is left. */
async function endSessionsOf(
  tx: Tx,
  target: Target,
  reason: RevokeCause,
  audit: (action: string, change: Change) => Promise<unknown>,
  at = new Date(),
) {
  const sessions = await revokeUserSessions(tx, { userId: target.id, reason, at });
  if (sessions > 0) await audit("SessionsRevoked", { after: { sessions }, reason });
}

export async function setDirectoryUserEnabled(
  db: Db,
  input: Who & { userId: number; version: number; isEnabled: boolean },
): Promise<ServiceResult> {
  return await changeUser(
    db,
    input,
    input,
    (target, enabledGlobalAdmins) =>
      decideSetUserEnabled(input.actor, { target, isEnabled: input.isEnabled, enabledGlobalAdmins }),
    async (tx, target, audit) => {
      if (target.isEnabled === input.isEnabled) return false;
      await tx.update(directoryUsers).set({ isEnabled: input.isEnabled }).where(eq(directoryUsers.id, target.id));
      await audit(
        input.isEnabled ? "UserEnabled" : "UserDisabled",
        changedFields({ isEnabled: target.isEnabled }, { isEnabled: input.isEnabled }),
      );
      if (!input.isEnabled) await endSessionsOf(tx, target, "USER_DISABLED", audit, input.now);
      return true;
    },
    input.isEnabled ? "User enabled." : "User disabled.",
  );
}

/** Replaces the user's set of tenant roles; one audit event per role added or removed. */
export async function saveTenantRoles(
  db: Db,
  input: Who & { userId: number; version: number; roles: TenantRole[] },
): Promise<ServiceResult> {
  const nextRoles = byCatalogOrder(input.roles);
  return await changeUser(
    db,
    input,
    input,
    (target, enabledGlobalAdmins) => decideManageTenantRoles(input.actor, { target, nextRoles, enabledGlobalAdmins }),
    async (tx, target, audit) => {
      const added = nextRoles.filter((r) => !target.tenantRoles.includes(r));
      const removed = target.tenantRoles.filter((r) => !nextRoles.includes(r));
      for (const role of removed) {
        await tx
          .delete(tenantRoleAssignments)
          .where(and(eq(tenantRoleAssignments.directoryUserId, target.id), eq(tenantRoleAssignments.role, role)));
        await audit("TenantRoleRemoved", { before: { role } });
      }
      for (const role of added) {
        await tx.insert(tenantRoleAssignments).values({
          directoryUserId: target.id,
          role,
          assignedById: input.actor.id,
          assignedAt: input.now ?? new Date(),
        });
        await audit("TenantRoleAssigned", { after: { role } });
      }
      if (target.tenantRoles.length > 0 && nextRoles.length === 0)
        await endSessionsOf(tx, target, "LAST_TENANT_ROLE_REMOVED", audit, input.now);
      return added.length + removed.length > 0;
    },
    "Roles saved.",
  );
}

export async function setExchangeFacts(
  db: Db,
  input: Who & { userId: number; version: number; exchange: ExchangeFacts },
): Promise<ServiceResult> {
  // "No mailbox" has no licence to speak of.
  const next: ExchangeFacts = input.exchange.kind === "none" ? { kind: "none", isLicensed: false } : input.exchange;
  return await changeUser(
    db,
    input,
    input,
    () => decideEditExchangeFacts(input.actor),
    async (tx, target, audit) => {
      const change = changedFields(target.exchange, next);
      if (Object.keys(change.after).length === 0) return false;
      if (next.kind === "none") {
        await tx.delete(exchangeRecipients).where(eq(exchangeRecipients.address, target.upn));
      } else {
        const values = { kind: next.kind, isLicensed: next.isLicensed };
        const tenantId = await tenantIdOf(tx, input.actor);
        await tx
          .insert(exchangeRecipients)
          .values({ tenantId, address: target.upn, ...values })
          .onConflictDoUpdate({ target: exchangeRecipients.address, set: values });
      }
      await audit("ExchangeFactsChanged", change);
      return true;
    },
    "Exchange facts saved.",
  );
}

/** Creates a directory user (and their licensed Exchange mailbox when asked for). Never audits the password. */
export async function createDirectoryUser(
  db: Db,
  input: Who & { displayName: string; upn: string; password: string; hasLicensedMailbox: boolean },
): Promise<ServiceResult<{ userId: number }>> {
  const decision = decideCreateDirectoryUser(input.actor);
  if (!decision.allowed) return refusal(decision);
  const upn = input.upn.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const at = input.now ?? new Date();
  // Hashing takes ~20 ms off the event loop: do it before the write lock is taken.
  const passwordHash = await hashPassword(input.password);

  return await withTransaction(db, async (tx): Promise<ServiceResult<{ userId: number }>> => {
    if (
      await first(tx.select({ id: directoryUsers.id }).from(directoryUsers).where(eq(directoryUsers.upn, upn)).limit(1))
    ) {
      return invalidInput("upn", "A user with this user principal name already exists.");
    }
    if (
      input.hasLicensedMailbox &&
      (await first(
        tx
          .select({ id: exchangeRecipients.id })
          .from(exchangeRecipients)
          .where(eq(exchangeRecipients.address, upn))
          .limit(1),
      ))
    ) {
      return invalidInput("upn", "Exchange already has a mailbox at this address.");
    }
    const tenantId = await tenantIdOf(tx, input.actor);
    const user = await single(
      tx
        .insert(directoryUsers)
        .values({ tenantId, upn, displayName, passwordHash, isEnabled: true, createdAt: at })
        .returning({ id: directoryUsers.id }),
    );
    const exchange: ExchangeFacts = input.hasLicensedMailbox
      ? { kind: "user", isLicensed: true }
      : { kind: "none", isLicensed: false };
    if (input.hasLicensedMailbox)
      await tx.insert(exchangeRecipients).values({ tenantId, address: upn, kind: "user", isLicensed: true });
    await appendAuditEvent(tx, {
      action: "UserCreated",
      ...auditBase(input, { id: user.id, upn }, at),
      after: { upn, displayName, isEnabled: true, exchangeKind: exchange.kind, isLicensed: exchange.isLicensed },
    });
    return { ok: true, message: "User created.", userId: user.id };
  });
}
