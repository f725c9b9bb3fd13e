import type { TenantRole } from "./catalog";

/**
 * DOMAIN §11: reminders go 7 days and 1 day before a Delegated Mailbox Approver assignment's end
 * date, to the holder and to the admin who delegated; when that admin no longer holds Global or
 * Exchange Administrator, to every Global and Exchange Administrator instead (someone who can
 * still extend it). Each reminder goes once per end date: the dedupe key names the end date.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export type ReminderWindow = "7d" | "1d";
export const REMINDER_WINDOWS: Record<ReminderWindow, { days: number; label: string }> = {
  "7d": { days: 7, label: "7 days" },
  "1d": { days: 1, label: "1 day" },
};

/** How far ahead of `now` the sweep looks: the earliest reminder. */
export const REMINDER_HORIZON_MS = 7 * DAY_MS;

/**
 * The reminder due now for an end date, or null: the 1-day reminder from one day before, the
 * 7-day one from seven days before until the 1-day one takes over (an assignment made to end in
 * 12 hours gets only the 1-day reminder). None once ended.
 */
export function dueReminderWindow(endsAt: Date, now: Date): ReminderWindow | null {
  const left = endsAt.getTime() - now.getTime();
  if (left <= 0) return null;
  if (left <= REMINDER_WINDOWS["1d"].days * DAY_MS) return "1d";
  if (left <= REMINDER_WINDOWS["7d"].days * DAY_MS) return "7d";
  return null;
}

/** One reminder occasion: this holder's role in this environment, this end date, this window. */
export function reminderDedupeKey(input: {
  environmentUserId: number;
  roleId: number;
  endsAt: Date;
  window: ReminderWindow;
}): string {
  return `dma-expiry:${input.environmentUserId}:${input.roleId}:${input.endsAt.getTime()}:${input.window}`;
}

export type ReminderPerson = { id: number; isEnabled: boolean; tenantRoles: readonly TenantRole[] };
export type ReminderRecipient = { id: number; as: "holder" | "delegator" | "tenant-admin" };

const canExtend = (person: ReminderPerson) =>
  person.isEnabled && person.tenantRoles.some((r) => r === "global_admin" || r === "exchange_admin");

/**
 * Who hears of an end date: the holder (while enabled), and the delegator while they may still
 * extend it, else every enabled Global and Exchange Administrator. Each person once.
 */
export function reminderRecipients(input: {
  holder: ReminderPerson;
  delegator: ReminderPerson | null;
  tenantAdmins: readonly ReminderPerson[];
}): ReminderRecipient[] {
  const recipients: ReminderRecipient[] = [];
  const add = (id: number, as: ReminderRecipient["as"]) => {
    if (!recipients.some((r) => r.id === id)) recipients.push({ id, as });
  };
  if (input.holder.isEnabled) add(input.holder.id, "holder");
  if (input.delegator && canExtend(input.delegator)) add(input.delegator.id, "delegator");
  else input.tenantAdmins.filter(canExtend).forEach((admin) => add(admin.id, "tenant-admin"));
  return recipients;
}
