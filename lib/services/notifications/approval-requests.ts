import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalRequests, mailboxes } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { EmailStatus } from "@/lib/policy/catalog";
import { decideRequestApproval } from "@/lib/policy/notifications";
import { formatDateTime } from "@/lib/format";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { loadNoticeFacts, mailboxPath } from "./mailbox-facts";
import { approversOf } from "./recipients";
import { addNotifications } from "./store";

/** When the owner last asked for approval of a mailbox, or null. */
export async function lastApprovalRequestAt(db: Db, mailboxId: number): Promise<Date | null> {
  return (
    (
      await first(
        db
          .select({ at: approvalRequests.requestedAt })
          .from(approvalRequests)
          .where(eq(approvalRequests.mailboxId, mailboxId))
          .orderBy(desc(approvalRequests.requestedAt))
          .limit(1),
      )
    )?.at ?? null
  );
}

/**
 * "Request approval" on My mailbox: the owner of a pending mailbox asks its approvers (exactly
 * those decideApproval allows) at once, with a note, at most once a day. The request, the
 * approvers' notifications (and their emails) and the audit event commit together.
 */
export async function requestApproval(
  db: Db,
  actor: Actor,
  input: { mailboxId: number; note: string | null },
  ctx: ActionContext,
): Promise<ServiceResult<{ approvers: number }>> {
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ approvers: number }>> => {
    const row = await first(tx.select().from(mailboxes).where(eq(mailboxes.id, input.mailboxId)).limit(1));
    if (!row) return NOT_FOUND_RESULT;
    const decision = decideRequestApproval(
      actor,
      { ...row, isPending: row.emailStatus === EmailStatus.Empty || row.emailStatus === EmailStatus.PendingApproval },
      await lastApprovalRequestAt(db, row.id),
      ctx.now,
    );
    if (!decision.allowed) return refusal(decision);
    const [mailbox] = await loadNoticeFacts(tx, [row.id]);
    const approvers = ((await approversOf(db, row.environmentId, [mailbox!], ctx.now)).get(row.id) ?? []).filter(
      (a) => a.id !== actor.id,
    );
    if (approvers.length === 0)
      return {
        ok: false,
        code: "0x80040220",
        reason: "NO_APPROVERS",
        message:
          "Nobody can approve this mailbox right now. A Global or Exchange Administrator can delegate Delegated Mailbox Approver to a System Administrator of this environment.",
      };
    const request = await single(
      tx
        .insert(approvalRequests)
        .values({ mailboxId: row.id, requestedById: actor.id, requestedAt: ctx.now, note: input.note ?? "" })
        .returning({ id: approvalRequests.id }),
    );
    const m = mailbox!;
    await addNotifications(
      tx,
      approvers.map((approver) => ({
        recipientId: approver.id,
        kind: "approval-requested" as const,
        subject: { type: "mailbox", id: m.id },
        title: `${actor.displayName} asks you to approve ${m.emailAddress} in ${m.environmentName}`,
        body: `Their mailbox has been waiting since ${formatDateTime(row.pendingSince ?? row.createdAt)}. Mail does not sync for it until someone approves.`,
        quote: input.note ? { label: `${actor.displayName}'s note`, text: input.note } : undefined,
        link: { href: mailboxPath(m), label: "Review mailbox" },
        dedupeKey: `approval-requested:${request.id}`,
      })),
      ctx.now,
    );
    await appendAuditEvent(tx, {
      action: "ApprovalRequested",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: row.environmentId,
      target: { type: "mailbox", id: row.id, label: `${row.name} <${row.emailAddress}>` },
      after: { note: input.note, approvers: approvers.map((a) => a.upn) },
      origin: ctx.origin,
      at: ctx.now,
    });
    const names = approvers.map((a) => a.displayName).join(", ");
    return { ok: true, message: `Asked ${names} to approve it.`, approvers: approvers.length };
  });
}
