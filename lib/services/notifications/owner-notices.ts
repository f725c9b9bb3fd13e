import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { formatDateTime } from "@/lib/format";
import { loadNoticeFacts, mailboxPath, type NoticeFacts } from "./mailbox-facts";
import type { NotificationInput } from "./message";
import { ownersOf } from "./recipients";
import { addNotifications } from "./store";

/**
 * What a mailbox's owner hears (DOMAIN §11): every decision about it (with the rejection's
 * reason), a Test & Enable that starts failing (with the alert's text), and an address change that
 * sends it back to Pending. Each is written in the caller's transaction, so with the change.
 */

type Ctx = { actor: Actor | null; now: Date };

async function notifyOwners(
  db: Db,
  facts: NoticeFacts[],
  ctx: Ctx,
  message: (mailbox: NoticeFacts) => Omit<NotificationInput, "recipientId" | "subject">,
): Promise<number> {
  const owners = await ownersOf(db, facts, ctx.now, ctx.actor?.id ?? null);
  return await addNotifications(
    db,
    facts.flatMap((mailbox) => {
      const owner = owners.get(mailbox.id);
      return owner
        ? [{ ...message(mailbox), recipientId: owner.id, subject: { type: "mailbox", id: mailbox.id } }]
        : [];
    }),
    ctx.now,
  );
}

/** After an approval or rejection: each mailbox's owner, with the reason of a rejection. */
export async function notifyApprovalDecisions(
  db: Db,
  decision: { operation: "approve" | "reject"; mailboxIds: readonly number[]; reason?: string | null },
  ctx: Ctx & { actor: Actor },
): Promise<number> {
  const by = ctx.actor.displayName;
  const when = formatDateTime(ctx.now);
  return await notifyOwners(db, await loadNoticeFacts(db, decision.mailboxIds), ctx, (m) =>
    decision.operation === "approve"
      ? {
          kind: "mailbox-decision",
          title: `Your mailbox ${m.emailAddress} in ${m.environmentName} is approved`,
          body: `${by} approved it on ${when}. Mail syncs once Test & Enable succeeds.`,
          link: { href: mailboxPath(m), label: "Open mailbox" },
          dedupeKey: `mailbox-approved:${m.id}:${ctx.now.getTime()}`,
        }
      : {
          kind: "mailbox-decision",
          title: `Your mailbox ${m.emailAddress} in ${m.environmentName} was rejected`,
          body: `${by} rejected it on ${when}. Mail does not sync until it is approved.`,
          quote: { label: "Reason", text: decision.reason ?? "" },
          link: { href: mailboxPath(m), label: "Open mailbox" },
          dedupeKey: `mailbox-rejected:${m.id}:${ctx.now.getTime()}`,
        },
  );
}

/** Test & Enable failed on mailboxes that did not fail before: their owners, with the first error's text. */
export async function notifyTestFailures(
  db: Db,
  failures: readonly { mailboxId: number; alertText: string }[],
  ctx: Ctx,
): Promise<number> {
  const textOf = new Map(failures.map((f) => [f.mailboxId, f.alertText]));
  return await notifyOwners(
    db,
    await loadNoticeFacts(
      db,
      failures.map((f) => f.mailboxId),
    ),
    ctx,
    (m) => ({
      kind: "mailbox-test-failed",
      title: `Test & Enable failed for your mailbox ${m.emailAddress} in ${m.environmentName}`,
      body: "Mail does not sync until the problem is fixed and Test & Enable runs again.",
      quote: { label: "Alert", text: textOf.get(m.id) ?? "" },
      link: { href: mailboxPath(m), label: "Open mailbox" },
      dedupeKey: `mailbox-test-failed:${m.id}:${ctx.now.getTime()}`,
    }),
  );
}

/** An address change sent the mailbox back to Pending Approval: its owner, unless they changed it. */
export async function notifyPendingAgain(
  db: Db,
  change: { mailboxId: number; previousAddress: string },
  ctx: Ctx,
): Promise<number> {
  return await notifyOwners(db, await loadNoticeFacts(db, [change.mailboxId]), ctx, (m) => ({
    kind: "mailbox-pending-again",
    title: `Your mailbox in ${m.environmentName} needs approval again`,
    body: `Its address changed from ${change.previousAddress} to ${m.emailAddress}${ctx.actor ? ` (by ${ctx.actor.displayName})` : ""}. Mail does not sync until the new address is approved.`,
    link: { href: mailboxPath(m), label: "Open mailbox" },
    dedupeKey: `mailbox-pending-again:${m.id}:${ctx.now.getTime()}`,
  }));
}
