import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environmentUsers, mailboxes, queues } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { decideEditMailbox } from "@/lib/policy/approval";
import { EMAIL_STATUS, EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { appendAuditEvent } from "../audit/log";
import { mailboxFacts } from "./details";
import { recordPendingEntries } from "../notifications/digests";
import { notifyPendingAgain } from "../notifications/owner-notices";
import {
  invalidInput,
  NOT_FOUND_RESULT,
  refusal,
  staleVersion,
  type ActionContext,
  type ServiceResult,
} from "../result";

/**
 * Changes a mailbox's email address — from the mailbox form, the user or the queue, which always
 * carry the same address. Any change needs approval again: status Pending Approval, approval
 * and tenant-admin flag cleared, test results back to Not Run (DOMAIN §5).
 */
export async function changeMailboxAddress(
  db: Db,
  actor: Actor,
  input: { environmentId: number; mailboxId: number; version: number; emailAddress: string },
  ctx: ActionContext,
): Promise<ServiceResult> {
  const address = input.emailAddress.trim().toLowerCase();
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const mailbox = await first(
      tx
        .select()
        .from(mailboxes)
        .where(and(eq(mailboxes.id, input.mailboxId), eq(mailboxes.environmentId, input.environmentId)))
        .limit(1),
    );
    if (!mailbox) return NOT_FOUND_RESULT;
    const decision = decideEditMailbox(actor, mailboxFacts(mailbox), ctx.now);
    if (!decision.allowed) return refusal(decision);
    if (mailbox.version !== input.version) return staleVersion("mailbox");
    if (address === mailbox.emailAddress.toLowerCase()) return { ok: true, message: "The address is unchanged." };
    const taken = await first(
      tx
        .select({ id: mailboxes.id })
        .from(mailboxes)
        .where(
          and(
            eq(mailboxes.environmentId, input.environmentId),
            eq(mailboxes.emailAddress, address),
            ne(mailboxes.id, mailbox.id),
          ),
        )
        .limit(1),
    );
    if (taken) return invalidInput("emailAddress", "Another mailbox in this environment already uses this address.");

    await tx
      .update(mailboxes)
      .set({
        emailAddress: address,
        emailStatus: EmailStatus.PendingApproval,
        pendingSince: ctx.now,
        rejectionReason: null,
        approvedById: null,
        approvedByName: null,
        approvedOn: null,
        isApprovedByTenantAdmin: false,
        incomingStatus: TestStatus.NotRun,
        outgoingStatus: TestStatus.NotRun,
        actStatus: TestStatus.NotRun,
        mailboxStatus: TestStatus.NotRun,
        testCompletedOn: null,
        version: mailbox.version + 1,
      })
      .where(eq(mailboxes.id, mailbox.id));
    if (mailbox.regardingUserId)
      await tx.update(environmentUsers).set({ email: address }).where(eq(environmentUsers.id, mailbox.regardingUserId));
    if (mailbox.regardingQueueId)
      await tx.update(queues).set({ email: address }).where(eq(queues.id, mailbox.regardingQueueId));

    await appendAuditEvent(tx, {
      action: "MailboxAddressChanged",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "mailbox", id: mailbox.id, label: `${mailbox.name} <${address}>` },
      before: {
        emailAddress: mailbox.emailAddress,
        emailStatus: EMAIL_STATUS[mailbox.emailStatus],
        approvedBy: mailbox.approvedByName,
      },
      after: { emailAddress: address, emailStatus: EMAIL_STATUS[EmailStatus.PendingApproval], approvedBy: null },
      origin: ctx.origin,
      at: ctx.now,
    });
    // The approvers' next digest, and the owner (unless they changed it themselves), hear of it.
    await recordPendingEntries(tx, [{ environmentId: input.environmentId, mailboxId: mailbox.id }], ctx.now);
    await notifyPendingAgain(
      db,
      { mailboxId: mailbox.id, previousAddress: mailbox.emailAddress },
      { actor, now: ctx.now },
    );
    return { ok: true, message: `The address is now ${address}. It needs approval again before mail syncs.` };
  });
}
