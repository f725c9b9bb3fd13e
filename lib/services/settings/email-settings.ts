import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailSettings, serverProfiles } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import {
  ACT_METHOD,
  INCOMING_METHOD,
  OUTGOING_METHOD,
  type ActMethod,
  type IncomingMethod,
  type OutgoingMethod,
} from "@/lib/policy/catalog";
import { decideChangeEmailSettings, EMAIL_SETTING_KEYS, type EmailSettingKey } from "@/lib/policy/email-settings";
import { appendAuditEvent, changedFields } from "../audit/log";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  refusal,
  staleVersion,
  type ActionContext,
  type ServiceResult,
} from "../result";

export type EmailSettingsValues = {
  processApprovedUsersOnly: boolean;
  processApprovedQueuesOnly: boolean;
  requirePrivilegeToSelfApprove: boolean;
  notifyMailboxOwner: boolean;
  defaultServerProfileId: number | null;
  defaultIncomingMethod: IncomingMethod;
  defaultOutgoingMethod: OutgoingMethod;
  defaultActMethod: ActMethod;
};

/** The environment's email settings with the default profile's name, or null when it has none. */
export function getEmailSettings(db: Db, environmentId: number) {
  const row = db
    .select({ settings: emailSettings, defaultProfileName: serverProfiles.name })
    .from(emailSettings)
    .leftJoin(serverProfiles, eq(serverProfiles.id, emailSettings.defaultServerProfileId))
    .where(eq(emailSettings.environmentId, environmentId))
    .get();
  return row ? { ...row.settings, defaultProfileName: row.defaultProfileName } : null;
}

const onOff = (value: boolean) => (value ? "On" : "Off");

/** Settings as the audit log shows them: names, not ids or option numbers. */
function readable(values: EmailSettingsValues, profileName: string | null) {
  return {
    processApprovedUsersOnly: onOff(values.processApprovedUsersOnly),
    processApprovedQueuesOnly: onOff(values.processApprovedQueuesOnly),
    requirePrivilegeToSelfApprove: onOff(values.requirePrivilegeToSelfApprove),
    notifyMailboxOwner: onOff(values.notifyMailboxOwner),
    defaultServerProfile: profileName,
    defaultIncomingMethod: INCOMING_METHOD[values.defaultIncomingMethod],
    defaultOutgoingMethod: OUTGOING_METHOD[values.defaultOutgoingMethod],
    defaultActMethod: ACT_METHOD[values.defaultActMethod],
  };
}

/**
 * Saves the email settings form. Each changed setting is decided on its own rule (DOMAIN §7); the
 * save is refused as a whole when any is not the actor's to change, and refused as stale when
 * someone saved since the form was loaded.
 */
export function updateEmailSettings(
  db: Db,
  actor: Actor,
  input: { environmentId: number; version: number; values: EmailSettingsValues },
  ctx: ActionContext,
): ServiceResult {
  return db.transaction(
    (tx): ServiceResult => {
      const current = tx.select().from(emailSettings).where(eq(emailSettings.environmentId, input.environmentId)).get();
      if (!current) return NOT_FOUND_RESULT;
      if (current.version !== input.version) return staleVersion("email settings");
      const changed = EMAIL_SETTING_KEYS.filter((key: EmailSettingKey) => current[key] !== input.values[key]);
      const decision = decideChangeEmailSettings(actor, input.environmentId, changed, ctx.now);
      if (!decision.allowed) return refusal(decision);
      if (changed.length === 0) return { ok: true, message: "Nothing changed." };

      const profileOf = (id: number | null) =>
        id === null
          ? null
          : (tx
              .select()
              .from(serverProfiles)
              .where(and(eq(serverProfiles.id, id), eq(serverProfiles.environmentId, input.environmentId)))
              .get() ?? null);
      const newProfile = profileOf(input.values.defaultServerProfileId);
      if (
        changed.includes("defaultServerProfileId") &&
        input.values.defaultServerProfileId !== null &&
        !newProfile?.isActive
      ) {
        return invalidInput("defaultServerProfileId", "Choose an active server profile of this environment.");
      }

      tx.update(emailSettings)
        .set({ ...input.values, version: current.version + 1 })
        .where(eq(emailSettings.environmentId, input.environmentId))
        .run();
      if (changed.includes("defaultServerProfileId")) {
        // One default per environment: the profiles' flag follows the setting.
        tx.update(serverProfiles)
          .set({ isDefault: false })
          .where(eq(serverProfiles.environmentId, input.environmentId))
          .run();
        if (newProfile)
          tx.update(serverProfiles).set({ isDefault: true }).where(eq(serverProfiles.id, newProfile.id)).run();
      }
      const diff = changedFields(
        readable(current, profileOf(current.defaultServerProfileId)?.name ?? null),
        readable(input.values, newProfile?.name ?? null),
      );
      appendAuditEvent(tx, {
        action: "EmailSettingsChanged",
        actor: { id: actor.id, upn: actor.upn },
        environmentId: input.environmentId,
        target: { type: "emailSettings", id: input.environmentId, label: "Email settings" },
        before: diff.before,
        after: diff.after,
        origin: ctx.origin,
        at: ctx.now,
      });
      return { ok: true, message: "Email settings saved." };
    },
    { behavior: "immediate" },
  );
}
