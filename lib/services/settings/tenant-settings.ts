import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { tenants } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import type { Decision } from "@/lib/policy/decision";
import { decideSetApiTokensOn } from "@/lib/policy/api-tokens";
import { decideChangeTenantSettings } from "@/lib/policy/tenant-admin";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, staleVersion, type ActionContext, type ServiceResult } from "../result";

/** Tenant-wide settings (ours). One tenant per database. */
export type TenantSettings = { maxDelegationDays: number | null; isApiTokensOn: boolean; version: number };

export async function getTenantSettings(db: Db | Tx): Promise<TenantSettings> {
  const row = await first(
    db
      .select({
        maxDelegationDays: tenants.maxDelegationDays,
        isApiTokensOn: tenants.isApiTokensOn,
        version: tenants.version,
      })
      .from(tenants)
      .limit(1),
  );
  return row ?? { maxDelegationDays: null, isApiTokensOn: false, version: 0 };
}

/** "Maximum delegation length": Global Administrators only; bounds new end dates from now on, not existing ones. */
export async function setMaxDelegationDays(
  db: Db,
  actor: Actor,
  input: { maxDelegationDays: number | null; version: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const days = input.maxDelegationDays;
  return await changeTenantSetting(
    db,
    actor,
    decideChangeTenantSettings(actor),
    { key: "maxDelegationDays", value: days, version: input.version },
    {
      unchanged: "The maximum delegation length is unchanged.",
      changed:
        days === null
          ? "Delegations no longer have a maximum length."
          : `New, extended and renewed delegations now end within ${days} days.`,
    },
    ctx,
  );
}

/** "API tokens" on or off for the tenant: Global Administrators only; off refuses every token at once. */
export async function setApiTokensOn(
  db: Db,
  actor: Actor,
  input: { isOn: boolean; version: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const done = input.isOn ? "API tokens are on." : "API tokens are off: every token is refused.";
  return await changeTenantSetting(
    db,
    actor,
    decideSetApiTokensOn(actor),
    { key: "isApiTokensOn", value: input.isOn, version: input.version },
    { unchanged: done, changed: done },
    ctx,
  );
}

type Setting = Exclude<keyof TenantSettings, "version">;

/** One tenant setting, changed as each is: the rule, the version check, the row and its event in one transaction. */
async function changeTenantSetting<K extends Setting>(
  db: Db,
  actor: Actor,
  decision: Decision,
  change: { key: K; value: TenantSettings[K]; version: number },
  messages: { unchanged: string; changed: string },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    if (!decision.allowed) return refusal(decision);
    const tenant = await first(tx.select().from(tenants).limit(1));
    if (!tenant) return NOT_FOUND_RESULT;
    if (tenant.version !== change.version) return staleVersion("setting");
    if (tenant[change.key] === change.value) return { ok: true, message: messages.unchanged };
    await tx
      .update(tenants)
      .set({ [change.key]: change.value, version: tenant.version + 1 })
      .where(eq(tenants.id, tenant.id));
    await appendAuditEvent(tx, {
      action: "TenantSettingsChanged",
      actor: { id: actor.id, upn: actor.upn },
      target: { type: "tenant", id: tenant.domain, label: tenant.name },
      before: { [change.key]: tenant[change.key] },
      after: { [change.key]: change.value },
      origin: ctx.origin,
      at: ctx.now,
    });
    return { ok: true, message: messages.changed };
  });
}
