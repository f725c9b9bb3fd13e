import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, notificationPreferences } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from "@/lib/policy/notifications";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, type ActionContext, type ServiceResult } from "../result";
import { isUnsubscribeToken } from "./unsubscribe-token";

/**
 * Email on or off per kind of notification, per person (in-app is always on). Each person changes
 * only their own: from the preferences page, or with the one-click link in an email, which proves
 * who they are without a sign-in.
 */

export type EmailPreference = { kind: NotificationKind; label: string; isEmailOn: boolean };

/** The row for one person and kind (no row means on); inside the caller's transaction. */
export async function setEmailPreference(
  tx: Tx | Db,
  recipientId: number,
  kind: NotificationKind,
  isOn: boolean,
  now: Date,
) {
  await tx
    .insert(notificationPreferences)
    .values({ recipientId, kind, isEmailOn: isOn, updatedAt: now })
    .onConflictDoUpdate({
      target: [notificationPreferences.recipientId, notificationPreferences.kind],
      set: { isEmailOn: isOn, updatedAt: now },
    });
}

export async function listEmailPreferences(db: Db, recipientId: number): Promise<EmailPreference[]> {
  const off = new Set(
    (
      await db
        .select({ kind: notificationPreferences.kind })
        .from(notificationPreferences)
        .where(and(eq(notificationPreferences.recipientId, recipientId), eq(notificationPreferences.isEmailOn, false)))
    ).map((p) => p.kind),
  );
  return NOTIFICATION_KINDS.map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind], isEmailOn: !off.has(kind) }));
}

async function saveChanges(
  tx: Tx,
  who: { id: number; upn: string },
  wanted: Partial<Record<NotificationKind, boolean>>,
  ctx: ActionContext,
  reason: string | null,
): Promise<number> {
  const current = new Map((await listEmailPreferences(tx as unknown as Db, who.id)).map((p) => [p.kind, p.isEmailOn]));
  const changed = NOTIFICATION_KINDS.filter((k) => wanted[k] !== undefined && wanted[k] !== current.get(k));
  if (changed.length === 0) return 0;
  for (const kind of changed) await setEmailPreference(tx, who.id, kind, wanted[kind]!, ctx.now);
  const state = (on: boolean | undefined) => (on ? "On" : "Off");
  await appendAuditEvent(tx, {
    action: "NotificationPreferencesChanged",
    actor: who,
    target: { type: "user", id: who.id, label: who.upn },
    before: Object.fromEntries(changed.map((k) => [k, state(current.get(k))])),
    after: Object.fromEntries(changed.map((k) => [k, state(wanted[k])])),
    reason,
    origin: ctx.origin,
    at: ctx.now,
  });
  return changed.length;
}

/** The preferences page's save: the actor's own choices, audited with what changed. */
export async function saveEmailPreferences(
  db: Db,
  actor: Actor,
  input: { shown: readonly NotificationKind[]; emailOn: readonly NotificationKind[] },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const wanted = Object.fromEntries(input.shown.map((k) => [k, input.emailOn.includes(k)]));
  const changed = await withTransaction(db, (tx) => saveChanges(tx, actor, wanted, ctx, null));
  return { ok: true, message: changed === 0 ? "Nothing changed." : "Your email preferences are saved." };
}

/** The one-click link: turns one kind's email off for the person the link was made for. */
export async function unsubscribeWithLink(
  db: Db,
  input: { recipientId: number; kind: NotificationKind; token: string },
  ctx: ActionContext,
): Promise<ServiceResult<{ label: string }>> {
  if (!isUnsubscribeToken(input.recipientId, input.kind, input.token)) return NOT_FOUND_RESULT;
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ label: string }>> => {
    const who = await first(
      tx
        .select({ id: directoryUsers.id, upn: directoryUsers.upn })
        .from(directoryUsers)
        .where(eq(directoryUsers.id, input.recipientId))
        .limit(1),
    );
    if (!who) return NOT_FOUND_RESULT;
    await saveChanges(tx, who, { [input.kind]: false }, ctx, "One-click unsubscribe link in an email");
    const label = NOTIFICATION_KIND_LABELS[input.kind];
    return { ok: true, message: `You no longer get emails about: ${label}.`, label };
  });
}

/** What an unsubscribe link is about, for its page; null when the link is not one of ours. */
export async function readUnsubscribeLink(
  db: Db,
  input: { recipientId: number; kind: NotificationKind; token: string },
): Promise<{ upn: string; label: string; isEmailOn: boolean } | null> {
  if (!isUnsubscribeToken(input.recipientId, input.kind, input.token)) return null;
  const who = await first(
    db
      .select({ upn: directoryUsers.upn })
      .from(directoryUsers)
      .where(eq(directoryUsers.id, input.recipientId))
      .limit(1),
  );
  if (!who) return null;
  const preference = (await listEmailPreferences(db, input.recipientId)).find((p) => p.kind === input.kind)!;
  return { upn: who.upn, label: preference.label, isEmailOn: preference.isEmailOn };
}
