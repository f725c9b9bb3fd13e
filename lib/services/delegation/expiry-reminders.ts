import "server-only";
import { withTransaction } from "@/db/transaction";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, environments, environmentUsers, securityRoles, userRoleAssignments } from "@/db/schema";
import { formatDateTime } from "@/lib/format";
import {
  dueReminderWindow,
  REMINDER_HORIZON_MS,
  REMINDER_WINDOWS,
  reminderDedupeKey,
  reminderRecipients,
  type ReminderRecipient,
  type ReminderWindow,
} from "@/lib/policy/expiry-reminders";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";
import { listDelegationAdmins, loadPeople, type Person } from "../directory/tenant-admins";
import { addNotifications, wasNotified, type NotificationInput } from "../notifications/store";
import { mapInOrder } from "@/lib/in-order";

/** Where a Delegated Mailbox Approver assignment is extended: the environment's delegation page. */
export const delegationPagePath = (slug: string) => `/environments/${slug}/roles/delegated-mailbox-approver`;

type Occasion = {
  environmentId: number;
  environmentName: string;
  slug: string;
  environmentUserId: number;
  holderId: number;
  holderName: string;
  holderEmail: string;
  isHolderEnabled: boolean;
  roleId: number;
  roleName: string;
  endsAt: Date;
  assignedById: number | null;
  window: ReminderWindow;
  dedupeKey: string;
};

/** Dated Delegated Mailbox Approver assignments whose reminder is due now and not sent yet (the ends_at index finds them). */
async function dueOccasions(db: Db | Tx, now: Date): Promise<Occasion[]> {
  const rows = await db
    .select({
      environmentId: environments.id,
      environmentName: environments.name,
      slug: environments.slug,
      environmentUserId: environmentUsers.id,
      holderId: directoryUsers.id,
      holderName: environmentUsers.fullName,
      holderEmail: environmentUsers.email,
      isMemberEnabled: environmentUsers.isEnabled,
      isDirectoryEnabled: directoryUsers.isEnabled,
      roleId: securityRoles.id,
      roleName: securityRoles.name,
      endsAt: userRoleAssignments.endsAt,
      assignedById: userRoleAssignments.assignedById,
    })
    .from(userRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
    .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
    .innerJoin(directoryUsers, eq(directoryUsers.id, environmentUsers.directoryUserId))
    .innerJoin(environments, eq(environments.id, securityRoles.environmentId))
    .where(
      and(
        gt(userRoleAssignments.endsAt, now),
        lte(userRoleAssignments.endsAt, new Date(now.getTime() + REMINDER_HORIZON_MS)),
        eq(securityRoles.key, "delegated_mailbox_approver"),
      ),
    );
  const due = await mapInOrder(rows, async ({ isMemberEnabled, isDirectoryEnabled, endsAt, ...row }) => {
    const window = dueReminderWindow(endsAt!, now);
    if (!window) return [];
    const dedupeKey = reminderDedupeKey({ ...row, endsAt: endsAt!, window });
    if (await wasNotified(db, dedupeKey)) return [];
    return [{ ...row, endsAt: endsAt!, window, dedupeKey, isHolderEnabled: isMemberEnabled && isDirectoryEnabled }];
  });
  return due.flat();
}

function messageFor(occasion: Occasion, recipient: ReminderRecipient): NotificationInput {
  const left = REMINDER_WINDOWS[occasion.window].label;
  const ends = formatDateTime(occasion.endsAt);
  const isHolder = recipient.as === "holder";
  return {
    recipientId: recipient.id,
    kind: "dma-expiry-reminder",
    subject: { type: "environmentUser", id: occasion.environmentUserId },
    title: isHolder
      ? `Your Delegated Mailbox Approver role in ${occasion.environmentName} ends in ${left}`
      : `${occasion.holderName}'s Delegated Mailbox Approver role in ${occasion.environmentName} ends in ${left}`,
    body: isHolder
      ? `It ends on ${ends}; from then on you cannot approve mailboxes there. A Global or Exchange Administrator can extend it.`
      : `${occasion.holderName} (${occasion.holderEmail}) can approve mailboxes there until ${ends}. Extend it if they still need to.`,
    link: { href: delegationPagePath(occasion.slug), label: "Extend" },
    dedupeKey: occasion.dedupeKey,
  };
}

/**
 * The background sweep's reminders (DOMAIN §11): for each assignment 7 days and 1 day before its
 * end date, notifies the holder and the delegator (or every Global and Exchange Administrator),
 * and records it in the audit log, in one transaction per occasion. An occasion already notified
 * is skipped, here and by the notifications' unique dedupe key, so two sweeps (or two servers)
 * never send one twice. Reads first without a write lock: most sweeps find nothing to do.
 */
export async function sendExpiryReminders(db: Db, now: Date): Promise<{ occasions: number; notifications: number }> {
  const due = await dueOccasions(db, now);
  let occasions = 0;
  let sent = 0;
  if (due.length === 0) return { occasions, notifications: sent };
  const admins = await listDelegationAdmins(db);
  const people = await loadPeople(db, [...due.map((o) => o.holderId), ...due.flatMap((o) => o.assignedById ?? [])]);
  for (const occasion of due) {
    const added = await withTransaction(db, async (tx) => {
      if (await wasNotified(tx, occasion.dedupeKey)) return 0;
      const holder = { ...people.get(occasion.holderId)!, isEnabled: occasion.isHolderEnabled };
      const delegator = occasion.assignedById === null ? null : (people.get(occasion.assignedById) ?? null);
      const recipients = reminderRecipients({ holder, delegator, tenantAdmins: admins });
      const count = await addNotifications(
        tx,
        recipients.map((r) => messageFor(occasion, r)),
        now,
      );
      if (count > 0) await auditReminder(tx, occasion, recipients, people, admins, now);
      return count;
    });
    if (added > 0) occasions++;
    sent += added;
  }
  return { occasions, notifications: sent };
}

async function auditReminder(
  tx: Tx,
  occasion: Occasion,
  recipients: ReminderRecipient[],
  people: Map<number, Person>,
  admins: Person[],
  now: Date,
) {
  const upnOf = (id: number) => people.get(id)?.upn ?? admins.find((a) => a.id === id)?.upn ?? String(id);
  await appendAuditEvent(tx, {
    action: "RoleExpiryReminderSent",
    actor: null,
    environmentId: occasion.environmentId,
    target: {
      type: "environmentUser",
      id: occasion.environmentUserId,
      label: `${occasion.holderName} <${occasion.holderEmail}>`,
    },
    after: {
      role: occasion.roleName,
      endsAt: occasion.endsAt.toISOString(),
      reminder: `${REMINDER_WINDOWS[occasion.window].label} before`,
      recipients: recipients.map((r) => upnOf(r.id)),
    },
    reason: "The assignment's end date is near.",
    origin: NO_ORIGIN,
    at: now,
  });
}
