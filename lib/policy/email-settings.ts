import { activeMembership, holdsRole, type Actor } from "./actor";
import { decideApproval } from "./approval";
import { ActMethod, IncomingMethod, OutgoingMethod } from "./catalog";
import { allow, deny, type Decision } from "./decision";
import { DEFAULT_DIGEST_MINUTES } from "./notifications";
import type { SyncMethods } from "./test-and-enable";

/** DOMAIN §7: who may change each environment email setting, and manage server profiles. */

export const MISSING_PRIVILEGE = "0x80040220";

export const EMAIL_SETTING_KEYS = [
  "processApprovedUsersOnly",
  "processApprovedQueuesOnly",
  "requirePrivilegeToSelfApprove",
  "notifyMailboxOwner",
  "approvalDigestMinutes",
  "defaultServerProfileId",
  "defaultIncomingMethod",
  "defaultOutgoingMethod",
  "defaultActMethod",
] as const;
export type EmailSettingKey = (typeof EMAIL_SETTING_KEYS)[number];

export type EmailSettingsValues = {
  processApprovedUsersOnly: boolean;
  processApprovedQueuesOnly: boolean;
  requirePrivilegeToSelfApprove: boolean;
  notifyMailboxOwner: boolean;
  /** Ours: how often approvers get a digest of new pending mailboxes. */
  approvalDigestMinutes: number;
  defaultServerProfileId: number | null;
  defaultIncomingMethod: IncomingMethod;
  defaultOutgoingMethod: OutgoingMethod;
  defaultActMethod: ActMethod;
};

/** The settings' own values out of a record that holds more (a stored row, the settings with their version). */
export function emailSettingsValuesOf(record: EmailSettingsValues): EmailSettingsValues {
  return Object.fromEntries(EMAIL_SETTING_KEYS.map((key) => [key, record[key]])) as EmailSettingsValues;
}

/** DOMAIN §7's defaults: what an environment whose settings were never stored works with. */
export const DEFAULT_EMAIL_SETTINGS: EmailSettingsValues = {
  processApprovedUsersOnly: true,
  processApprovedQueuesOnly: true,
  requirePrivilegeToSelfApprove: false,
  notifyMailboxOwner: false,
  approvalDigestMinutes: DEFAULT_DIGEST_MINUTES,
  defaultServerProfileId: null,
  // Server-Side Synchronization for incoming, outgoing, and appointments, contacts and tasks.
  defaultIncomingMethod: IncomingMethod.ServerSideSync,
  defaultOutgoingMethod: OutgoingMethod.ServerSideSync,
  defaultActMethod: ActMethod.ServerSideSync,
};

/**
 * The sync methods a mailbox takes from the environment's defaults (Apply Default Email Settings, a
 * new mailbox). Appointments, contacts and tasks sync only for a mailbox owned by its own user
 * (DOMAIN §6, Crm.80048306), which a queue never is: for a queue that default is None.
 */
export function defaultSyncMethods(
  defaults: Pick<EmailSettingsValues, "defaultIncomingMethod" | "defaultOutgoingMethod" | "defaultActMethod">,
  regardingType: "user" | "queue",
): SyncMethods {
  return {
    incoming: defaults.defaultIncomingMethod,
    outgoing: defaults.defaultOutgoingMethod,
    act: regardingType === "queue" ? ActMethod.None : defaults.defaultActMethod,
  };
}

/** The settings that decide whether unapproved addresses sync: only approvers may change them. */
export const APPROVAL_SETTING_KEYS: readonly EmailSettingKey[] = [
  "processApprovedUsersOnly",
  "processApprovedQueuesOnly",
];
export const isApprovalSetting = (key: EmailSettingKey) => APPROVAL_SETTING_KEYS.includes(key);

/**
 * Approval settings: the actor must be able to approve through the admin paths of DOMAIN §3
 * (conditions 1–4). Asked of decideApproval itself, with a queue mailbox as the target so the
 * self-approval path — which never holds for queues — cannot open it: no second copy of the rule.
 */
export function decideChangeApprovalSettings(actor: Actor, environmentId: number, now: Date): Decision {
  const approval = decideApproval(
    actor,
    { environmentId, regardingType: "queue", regardingUserId: null, emailAddress: "" },
    { requirePrivilegeToSelfApprove: false },
    "approve",
    now,
  );
  if (approval.allowed) return allow("You can change which addresses must be approved.", approval.conditions);
  return deny(
    MISSING_PRIVILEGE,
    approval.reason ?? "NOT_TENANT_ADMIN_OR_DMA",
    `Only people who could approve mailboxes here can change whether unapproved addresses sync. ${approval.message}`,
    approval.conditions,
  );
}

/** The other email settings and server profiles: System Administrator of the environment. */
export function decideManageEmailConfiguration(actor: Actor, environmentId: number, now: Date): Decision {
  const membership = activeMembership(actor, environmentId);
  const condition = {
    id: "system-administrator",
    label: "You hold System Administrator in this environment",
    held: holdsRole(membership, "system_administrator", now),
  };
  if (condition.held) return allow("You can change the email configuration.", [condition]);
  return deny(
    MISSING_PRIVILEGE,
    "NOT_SYSTEM_ADMIN",
    "You need System Administrator in this environment to change email settings and server profiles.",
    [condition],
  );
}

export function decideChangeEmailSetting(
  actor: Actor,
  environmentId: number,
  key: EmailSettingKey,
  now: Date,
): Decision {
  return isApprovalSetting(key)
    ? decideChangeApprovalSettings(actor, environmentId, now)
    : decideManageEmailConfiguration(actor, environmentId, now);
}

/** A save that changes several settings: refused as a whole by the first setting the actor may not change. */
export function decideChangeEmailSettings(
  actor: Actor,
  environmentId: number,
  keys: readonly EmailSettingKey[],
  now: Date,
): Decision {
  for (const key of keys) {
    const decision = decideChangeEmailSetting(actor, environmentId, key, now);
    if (!decision.allowed) return decision;
  }
  return allow("You can change these settings.");
}
