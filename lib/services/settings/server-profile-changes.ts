import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { emailSettings, serverProfiles } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideManageEmailConfiguration } from "@/lib/policy/email-settings";
import { appendAuditEvent, changedFields } from "../audit/log";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  refusal,
  staleVersion,
  type ActionContext,
  type Refusal,
  type ServiceResult,
} from "../result";
import { AUTH_TYPE_LABELS, type AuthType } from "./server-profiles";

/**
 * Changes to an environment's server profiles (DOMAIN §7): create, edit, set as default (the email
 * settings' default follows) and activate or deactivate; each allowed by the email-configuration
 * rule, version-checked, audited without the secret, in one transaction. Over 200 lines because the
 * four share the guard, lookup, normalization and audit helpers below.
 */
export type ServerProfileInput = {
  name: string;
  authType: AuthType;
  oauthTenantId: string | null;
  oauthApplicationId: string | null;
  /** Write-only. On edit, null keeps the stored secret. */
  oauthSecret: string | null;
};

/** What the audit may record of a profile: never the secret. */
const auditable = (p: Pick<ServerProfileInput, "name" | "authType" | "oauthTenantId" | "oauthApplicationId">) => ({
  name: p.name,
  authentication: AUTH_TYPE_LABELS[p.authType],
  tenantId: p.oauthTenantId,
  applicationId: p.oauthApplicationId,
});

type Write = { actor: Actor; environmentId: number; ctx: ActionContext };

async function guard(tx: Tx | Db, w: Write, name: string, exceptId: number | null): Promise<ServiceResult | null> {
  const decision = decideManageEmailConfiguration(w.actor, w.environmentId, w.ctx.now);
  if (!decision.allowed) return refusal(decision);
  const clash = await first(
    tx
      .select({ id: serverProfiles.id })
      .from(serverProfiles)
      .where(
        and(
          eq(serverProfiles.environmentId, w.environmentId),
          eq(serverProfiles.name, name),
          exceptId === null ? undefined : ne(serverProfiles.id, exceptId),
        ),
      )
      .limit(1),
  );
  return clash ? invalidInput("name", "Another server profile here already has this name.") : null;
}

async function findProfile(tx: Tx, environmentId: number, id: number) {
  return await first(
    tx
      .select()
      .from(serverProfiles)
      .where(and(eq(serverProfiles.id, id), eq(serverProfiles.environmentId, environmentId)))
      .limit(1),
  );
}

/** The profile a command changes, once the rule allows it: a refusal, "not found", or the row. */
async function loadForChange(
  tx: Tx,
  w: Write,
  id: number,
): Promise<Refusal | NonNullable<Awaited<ReturnType<typeof findProfile>>>> {
  const decision = decideManageEmailConfiguration(w.actor, w.environmentId, w.ctx.now);
  if (!decision.allowed) return refusal(decision);
  return (await findProfile(tx, w.environmentId, id)) ?? NOT_FOUND_RESULT;
}

async function audit(
  tx: Tx,
  w: Write,
  action: string,
  profile: { id: number; name: string },
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
) {
  await appendAuditEvent(tx, {
    action,
    actor: { id: w.actor.id, upn: w.actor.upn },
    environmentId: w.environmentId,
    target: { type: "serverProfile", id: profile.id, label: profile.name },
    before,
    after,
    origin: w.ctx.origin,
    at: w.ctx.now,
  });
}

/** OAuth needs its three values; server-to-server needs none, so they are cleared. */
function normalize(input: ServerProfileInput, hasStoredSecret: boolean): ServiceResult | ServerProfileInput {
  if (input.authType === "s2s_same_tenant")
    return { ...input, oauthTenantId: null, oauthApplicationId: null, oauthSecret: null };
  if (!input.oauthTenantId) return invalidInput("oauthTenantId", "Enter the tenant id for OAuth.");
  if (!input.oauthApplicationId) return invalidInput("oauthApplicationId", "Enter the application id for OAuth.");
  if (!input.oauthSecret && !hasStoredSecret) return invalidInput("oauthSecret", "Enter the client secret for OAuth.");
  return input;
}

export async function createServerProfile(
  db: Db,
  actor: Actor,
  input: { environmentId: number; profile: ServerProfileInput },
  ctx: ActionContext,
): Promise<ServiceResult<{ id: number }>> {
  const w = { actor, environmentId: input.environmentId, ctx };
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ id: number }>> => {
    const refused = await guard(tx, w, input.profile.name, null);
    if (refused) return refused as ServiceResult<{ id: number }>;
    const values = normalize(input.profile, false);
    if ("ok" in values) return values as ServiceResult<{ id: number }>;
    const row = await single(
      tx
        .insert(serverProfiles)
        .values({ ...values, environmentId: input.environmentId, createdAt: ctx.now })
        .returning({ id: serverProfiles.id }),
    );
    await audit(tx, w, "ServerProfileCreated", { id: row.id, name: values.name }, null, {
      ...auditable(values),
      ...(values.oauthSecret ? { secret: "set" } : {}),
    });
    return { ok: true, message: `Server profile ${values.name} created.`, id: row.id };
  });
}

export async function updateServerProfile(
  db: Db,
  actor: Actor,
  input: { environmentId: number; id: number; version: number; profile: ServerProfileInput },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const w = { actor, environmentId: input.environmentId, ctx };
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const current = await findProfile(tx, input.environmentId, input.id);
    if (!current) return NOT_FOUND_RESULT;
    const refused = await guard(tx, w, input.profile.name, current.id);
    if (refused) return refused;
    if (current.version !== input.version) return staleVersion("server profile");
    const values = normalize(input.profile, current.authType === "oauth_cross_tenant" && current.oauthSecret !== null);
    if ("ok" in values) return values;
    const secret = values.authType === "s2s_same_tenant" ? null : (values.oauthSecret ?? current.oauthSecret);
    const isSecretChanged = secret !== current.oauthSecret;
    const diff = changedFields(auditable(current), auditable(values));
    if (Object.keys(diff.after).length === 0 && !isSecretChanged) return { ok: true, message: "Nothing changed." };
    await tx
      .update(serverProfiles)
      .set({ ...values, oauthSecret: secret, version: current.version + 1 })
      .where(eq(serverProfiles.id, current.id));
    // The secret is recorded only as having changed, never its value.
    await audit(tx, w, "ServerProfileChanged", { id: current.id, name: values.name }, diff.before, {
      ...diff.after,
      ...(isSecretChanged ? { secret: secret ? "changed" : "removed" } : {}),
    });
    return { ok: true, message: `Server profile ${values.name} saved.` };
  });
}

/** Set as default: one default per environment, and the email settings' default follows it. */
export async function setDefaultServerProfile(
  db: Db,
  actor: Actor,
  input: { environmentId: number; id: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const w = { actor, environmentId: input.environmentId, ctx };
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const profile = await loadForChange(tx, w, input.id);
    if ("ok" in profile) return profile;
    if (!profile.isActive)
      return {
        ok: false,
        code: null,
        reason: "PROFILE_INACTIVE",
        message: "Activate this server profile before making it the default.",
      };
    if (profile.isDefault) return { ok: true, message: `${profile.name} is already the default.` };
    const previous = await first(
      tx
        .select({ name: serverProfiles.name })
        .from(serverProfiles)
        .where(and(eq(serverProfiles.environmentId, input.environmentId), eq(serverProfiles.isDefault, true)))
        .limit(1),
    );
    await tx
      .update(serverProfiles)
      .set({ isDefault: false })
      .where(eq(serverProfiles.environmentId, input.environmentId));
    await tx
      .update(serverProfiles)
      .set({ isDefault: true, version: profile.version + 1 })
      .where(eq(serverProfiles.id, profile.id));
    await tx
      .update(emailSettings)
      .set({ defaultServerProfileId: profile.id, version: sql`${emailSettings.version} + 1` })
      .where(eq(emailSettings.environmentId, input.environmentId));
    await audit(
      tx,
      w,
      "ServerProfileSetAsDefault",
      profile,
      { defaultServerProfile: previous?.name ?? null },
      { defaultServerProfile: profile.name },
    );
    return { ok: true, message: `${profile.name} is now the default for new mailboxes.` };
  });
}

export async function setServerProfileActive(
  db: Db,
  actor: Actor,
  input: { environmentId: number; id: number; isActive: boolean },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const w = { actor, environmentId: input.environmentId, ctx };
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const profile = await loadForChange(tx, w, input.id);
    if ("ok" in profile) return profile;
    if (profile.isActive === input.isActive)
      return { ok: true, message: `${profile.name} is already ${input.isActive ? "active" : "inactive"}.` };
    if (!input.isActive && profile.isDefault) {
      return {
        ok: false,
        code: null,
        reason: "PROFILE_IS_DEFAULT",
        message: "This is the default server profile. Set another profile as default before deactivating it.",
      };
    }
    await tx
      .update(serverProfiles)
      .set({ isActive: input.isActive, version: profile.version + 1 })
      .where(eq(serverProfiles.id, profile.id));
    await audit(
      tx,
      w,
      input.isActive ? "ServerProfileActivated" : "ServerProfileDeactivated",
      profile,
      { state: profile.isActive ? "Active" : "Inactive" },
      { state: input.isActive ? "Active" : "Inactive" },
    );
    return {
      ok: true,
      message:
        `${profile.name} is now ${input.isActive ? "active" : "inactive"}. ${input.isActive ? "" : "Its mailboxes fail Test & Enable until they get an active profile."}`.trim(),
    };
  });
}
