import "server-only";
import { inJsonIds } from "@/db/sql";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { approvalDigestItems, approvalDigests, mailboxes } from "@/db/schema";
import { EmailStatus } from "@/lib/policy/catalog";
import { isDigestDue } from "@/lib/policy/notifications";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";
import { readEmailSettings } from "../settings/email-settings";
import { loadNoticeFacts, type NoticeFacts } from "./mailbox-facts";
import { approversOf } from "./recipients";
import { addNotifications } from "./store";

/**
 * Approvers' digests (DOMAIN §11): a mailbox entering Pending Approval is recorded in the same
 * transaction (recordPendingEntries); the sweep sends each environment's waiting ones as one
 * digest per approver, once the environment's interval has passed since its last digest, so the
 * first of a quiet period goes at once. Each approver's digest lists only the mailboxes
 * decideApproval lets them approve.
 */

export async function recordPendingEntries(
  tx: Tx | Db,
  entries: readonly { environmentId: number; mailboxId: number }[],
  now: Date,
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(approvalDigestItems).values(entries.map((e) => ({ ...e, enteredAt: now })));
}

/** The Pending view's filter for a digest's link. */
export const digestPath = (slug: string, digestId: number) =>
  `/environments/${slug}/mailboxes?view=pending&digest=${digestId}`;

const LISTED = 50;

async function lastDigestAt(db: Db | Tx, environmentId: number): Promise<Date | null> {
  return (
    (
      await first(
        db
          .select({ sentAt: approvalDigests.sentAt })
          .from(approvalDigests)
          .where(eq(approvalDigests.environmentId, environmentId))
          .orderBy(desc(approvalDigests.sentAt))
          .limit(1),
      )
    )?.sentAt ?? null
  );
}

async function isDue(db: Db | Tx, environmentId: number, waiting: number, now: Date): Promise<boolean> {
  const { approvalDigestMinutes } = await readEmailSettings(db, environmentId);
  return isDigestDue({
    waiting,
    lastSentAt: await lastDigestAt(db, environmentId),
    intervalMinutes: approvalDigestMinutes,
    now,
  });
}

/** The sweep's task: every environment whose digest is due gets it, each in its own immediate transaction. */
export async function sendApproverDigests(db: Db, now: Date): Promise<{ digests: number; notifications: number }> {
  const waiting = await db
    .select({ environmentId: approvalDigestItems.environmentId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(approvalDigestItems)
    .where(isNull(approvalDigestItems.digestId))
    .groupBy(approvalDigestItems.environmentId);
  let digests = 0;
  let sent = 0;
  for (const { environmentId, n } of waiting) {
    if (!(await isDue(db, environmentId, n, now))) continue;
    const added = await withTransaction(db, (tx) => sendDigest(db, tx, environmentId, now));
    if (added !== null) digests++;
    sent += added ?? 0;
  }
  return { digests, notifications: sent };
}

/** One environment's digest and how many it told; null when none went (another sweep got there first, or nothing is left). */
async function sendDigest(db: Db, tx: Tx, environmentId: number, now: Date): Promise<number | null> {
  const items = await tx
    .select({ id: approvalDigestItems.id, mailboxId: approvalDigestItems.mailboxId })
    .from(approvalDigestItems)
    .where(and(eq(approvalDigestItems.environmentId, environmentId), isNull(approvalDigestItems.digestId)));
  if (!(await isDue(tx, environmentId, items.length, now))) return null;
  const stillPending = new Set(
    (
      await tx
        .select({ id: mailboxes.id })
        .from(mailboxes)
        .where(
          and(
            inJsonIds(mailboxes.id, JSON.stringify(items.map((i) => i.mailboxId))),
            eq(mailboxes.isActive, true),
            inArray(mailboxes.emailStatus, [EmailStatus.Empty, EmailStatus.PendingApproval]),
          ),
        )
    ).map((r) => r.id),
  );
  const itemIds = items.map((i) => i.id);
  const facts = await loadNoticeFacts(tx, [...stillPending]);
  if (facts.length === 0) {
    // Decided before the digest went: nothing to tell anyone, and no digest to start an interval.
    await tx.delete(approvalDigestItems).where(inArray(approvalDigestItems.id, itemIds));
    return null;
  }
  const approvers = await approversOf(db, environmentId, facts, now);
  const byRecipient = new Map<number, { upn: string; mailboxes: NoticeFacts[] }>();
  for (const mailbox of facts)
    for (const approver of approvers.get(mailbox.id) ?? []) {
      const entry = byRecipient.get(approver.id) ?? { upn: approver.upn, mailboxes: [] };
      entry.mailboxes.push(mailbox);
      byRecipient.set(approver.id, entry);
    }
  const digest = await single(
    tx
      .insert(approvalDigests)
      .values({ environmentId, sentAt: now, mailboxCount: facts.length, recipientCount: byRecipient.size })
      .returning({ id: approvalDigests.id }),
  );
  await tx.update(approvalDigestItems).set({ digestId: digest.id }).where(inArray(approvalDigestItems.id, itemIds));
  const env = facts[0]!;
  const added = await addNotifications(
    tx,
    [...byRecipient].map(([recipientId, { mailboxes: theirs }]) => {
      const count = `${theirs.length} mailbox${theirs.length === 1 ? "" : "es"}`;
      const named = theirs.slice(0, 3).map((m) => `${m.name} (${m.emailAddress})`);
      const more = theirs.length > named.length ? ` and ${theirs.length - named.length} more` : "";
      const listed = theirs.slice(0, LISTED).map((m) => `${m.name} <${m.emailAddress}>`);
      if (theirs.length > LISTED) listed.push(`… and ${theirs.length - LISTED} more`);
      return {
        recipientId,
        kind: "approval-digest" as const,
        subject: { type: "environment", id: environmentId },
        title: `${count} waiting for your approval in ${env.environmentName}`,
        body: `New in Pending approval: ${named.join(", ")}${more}. Mail does not sync for them until someone approves.`,
        items: listed,
        link: { href: digestPath(env.slug, digest.id), label: "Review pending mailboxes" },
        dedupeKey: `approval-digest:${digest.id}`,
      };
    }),
    now,
  );
  await appendAuditEvent(tx, {
    action: "ApprovalDigestSent",
    actor: null,
    environmentId,
    target: { type: "environment", id: environmentId, label: env.environmentName },
    after: {
      digest: digest.id,
      mailboxes: facts.map((m) => m.emailAddress),
      recipients: [...byRecipient.values()].map((r) => r.upn),
    },
    reason: "Mailboxes entered Pending Approval.",
    origin: NO_ORIGIN,
    at: now,
  });
  return added;
}
