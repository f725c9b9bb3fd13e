import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { tenants } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideChangeTenantSettings } from "@/lib/policy/tenant-admin";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, staleVersion, type ActionContext, type ServiceResult } from "../result";

/** Tenant-wide settings (ours). One tenant per database. */
export type TenantSettings = { maxDelegationDays: number | null; version: number };

export function getTenantSettings(db: Db | Tx): TenantSettings {
  const row = db.select({ maxDelegationDays: tenants.maxDelegationDays, version: tenants.version }).from(tenants).get();
  return row ?? { maxDelegationDays: null, version: 0 };
}

/** "Maximum delegation length": Global Administrators only; bounds new end dates from now on, not existing ones. */
export function setMaxDelegationDays(
  db: Db,
  actor: Actor,
  input: { maxDelegationDays: number | null; version: number },
  ctx: ActionContext,
): ServiceResult {
  return db.transaction(
    (tx): ServiceResult => {
      const decision = decideChangeTenantSettings(actor);
      if (!decision.allowed) return refusal(decision);
      const tenant = tx.select().from(tenants).get();
      if (!tenant) return NOT_FOUND_RESULT;
      if (tenant.version !== input.version) return staleVersion("setting");
      if (tenant.maxDelegationDays === input.maxDelegationDays)
        return { ok: true, message: "The maximum delegation length is unchanged." };
      tx.update(tenants)
        .set({ maxDelegationDays: input.maxDelegationDays, version: tenant.version + 1 })
        .where(eq(tenants.id, tenant.id))
        .run();
      appendAuditEvent(tx, {
        action: "TenantSettingsChanged",
        actor: { id: actor.id, upn: actor.upn },
        target: { type: "tenant", id: tenant.domain, label: tenant.name },
        before: { maxDelegationDays: tenant.maxDelegationDays },
        after: { maxDelegationDays: input.maxDelegationDays },
        origin: ctx.origin,
        at: ctx.now,
      });
      return {
        ok: true,
        message:
          input.maxDelegationDays === null
            ? "Delegations no longer have a maximum length."
            : `New, extended and renewed delegations now end within ${input.maxDelegationDays} days.`,
      };
    },
    { behavior: "immediate" },
  );
}
