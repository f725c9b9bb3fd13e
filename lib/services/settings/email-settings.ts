import "server-only";
import { first, prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { cache } from "react";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { emailSettings, serverProfiles } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import type { ApprovalSettings } from "@/lib/policy/approval";
import { ACT_METHOD, INCOMING_METHOD, OUTGOING_METHOD } from "@/lib/policy/catalog";
import type { ProcessingSettings } from "@/lib/policy/test-and-enable";
import {
  decideChangeEmailSettings,
  DEFAULT_EMAIL_SETTINGS,
  EMAIL_SETTING_KEYS,
  emailSettingsValuesOf,
  type EmailSettingKey,
  type EmailSettingsValues,
} from "@/lib/policy/email-settings";
import { appendAuditEvent, changedFields } from "../audit/log";
import { preparedOnce } from "../prepared";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  refusal,
  staleVersion,
  type ActionContext,
  type ServiceResult,
} from "../result";
import type { VisibleEnvironment } from "./environments";

export type { EmailSettingsValues };

/** The settings with the default profile's name; `version` is null while none were ever stored. */
export type EmailSettings = EmailSettingsValues & { version: number | null; defaultProfileName: string | null };

/**
 * The one reader of an environment's email settings (approval, Test & Enable, new mailboxes, the
 * settings form): the stored row, or DOMAIN §7's defaults when there is none.
 */
export async function readEmailSettings(db: Db | Tx, environmentId: number): Promise<EmailSettings> {
  // On the app's connection prepared once and kept; a transaction handle builds its own.
  const read = preparedOnce(db, prepareRead);
  const row = await read.get({ environmentId });
  if (!row) return { ...DEFAULT_EMAIL_SETTINGS, version: null, defaultProfileName: null };
  return {
    ...emailSettingsValuesOf(row.settings),
    version: row.settings.version,
    defaultProfileName: row.defaultProfileName,
  };
}

function prepareRead(db: Db | Tx) {
  return prepare(
    db
      .select({ settings: emailSettings, defaultProfileName: serverProfiles.name })
      .from(emailSettings)
      .leftJoin(serverProfiles, eq(serverProfiles.id, emailSettings.defaultServerProfileId))
      .where(eq(emailSettings.environmentId, sql.placeholder("environmentId"))),
  );
}

/**
 * The settings a page shows, read once per request however many of the getters below it calls
 * (the mailboxes grid asks for both the approval and the processing settings). React's cache
 * lives for one server render; anywhere else (actions, jobs, tests) each call reads.
 */
const readForPage = cache((db: Db, environmentId: number) => readEmailSettings(db, environmentId));

/** The email settings form's values, or null when the environment has none stored to edit. */
export async function getEmailSettings(
  db: Db,
  environment: VisibleEnvironment<"email-settings">,
): Promise<(EmailSettings & { version: number }) | null> {
  const settings = await readForPage(db, environment.id);
  return settings.version === null ? null : { ...settings, version: settings.version };
}

/** What the approval rule needs of the settings, for any page that shows whether a mailbox can be approved. */
export async function getApprovalSettings(db: Db, environment: VisibleEnvironment): Promise<ApprovalSettings> {
  return { requirePrivilegeToSelfApprove: (await readForPage(db, environment.id)).requirePrivilegeToSelfApprove };
}

/** Whether each kind of mailbox syncs only once approved, for the pages that say when mail syncs without approval. */
export async function getProcessingSettings(db: Db, environment: VisibleEnvironment): Promise<ProcessingSettings> {
  const { processApprovedUsersOnly, processApprovedQueuesOnly } = await readForPage(db, environment.id);
  return { processApprovedUsersOnly, processApprovedQueuesOnly };
}

const onOff = (value: boolean) => (value ? "On" : "Off");

/** Settings as the audit log shows them: names, not ids or option numbers. */
function readable(values: EmailSettingsValues, profileName: string | null) {
  return {
    processApprovedUsersOnly: onOff(values.processApprovedUsersOnly),
    processApprovedQueuesOnly: onOff(values.processApprovedQueuesOnly),
    requirePrivilegeToSelfApprove: onOff(values.requirePrivilegeToSelfApprove),
    notifyMailboxOwner: onOff(values.notifyMailboxOwner),
    approvalDigestMinutes: `${values.approvalDigestMinutes} minutes`,
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
export async function updateEmailSettings(
  db: Db,
  actor: Actor,
  input: { environmentId: number; version: number; values: EmailSettingsValues },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const current = await readEmailSettings(tx, input.environmentId);
    if (current.version === null) return NOT_FOUND_RESULT;
    if (current.version !== input.version) return staleVersion("email settings");
    const changed = EMAIL_SETTING_KEYS.filter((key: EmailSettingKey) => current[key] !== input.values[key]);
    const decision = decideChangeEmailSettings(actor, input.environmentId, changed, ctx.now);
    if (!decision.allowed) return refusal(decision);
    if (changed.length === 0) return { ok: true, message: "Nothing changed." };

    const profileOf = async (id: number | null) =>
      id === null
        ? null
        : ((await first(
            tx
              .select()
              .from(serverProfiles)
              .where(and(eq(serverProfiles.id, id), eq(serverProfiles.environmentId, input.environmentId)))
              .limit(1),
          )) ?? null);
    const newProfile = await profileOf(input.values.defaultServerProfileId);
    if (
      changed.includes("defaultServerProfileId") &&
      input.values.defaultServerProfileId !== null &&
      !newProfile?.isActive
    ) {
      return invalidInput("defaultServerProfileId", "Choose an active server profile of this environment.");
    }

    await tx
      .update(emailSettings)
      .set({ ...input.values, version: current.version + 1 })
      .where(eq(emailSettings.environmentId, input.environmentId));
    if (changed.includes("defaultServerProfileId")) {
      // One default per environment: the profiles' flag follows the setting.
      await tx
        .update(serverProfiles)
        .set({ isDefault: false })
        .where(eq(serverProfiles.environmentId, input.environmentId));
      if (newProfile)
        await tx.update(serverProfiles).set({ isDefault: true }).where(eq(serverProfiles.id, newProfile.id));
    }
    const diff = changedFields(
      readable(current, (await profileOf(current.defaultServerProfileId))?.name ?? null),
      readable(input.values, newProfile?.name ?? null),
    );
    await appendAuditEvent(tx, {
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
  });
}
