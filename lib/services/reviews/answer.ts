import "server-only";
import { withTransaction } from "@/db/transaction";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accessReviewItems, environmentUsers } from "@/db/schema";
import { decideAnswerItem, decideViewAccessReviews, type Answer } from "@/lib/policy/access-review";
import type { Actor } from "@/lib/policy/actor";
import { appendAuditEvents, type AuditInput } from "../audit/log";
import { invalidInput, NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { loadReview, reviewFacts } from "./facts";

/** A page of items (50) at once, with room to spare; no more. */
export const ANSWER_AT_MOST = 100;

/**
 * A reviewer answers Keep or Remove, with an optional note, for one or many items of an open
 * review (answers can change until it is applied). All or nothing: one item the reviewer may not
 * answer refuses the whole answer. One AccessReviewAnswered event per item that changed, in the
 * same transaction.
 */
export async function answerReviewItems(
  db: Db,
  actor: Actor,
  input: { reviewId: number; itemIds: number[]; decision: Answer; note: string | null },
  ctx: ActionContext,
): Promise<ServiceResult<{ answered: number }>> {
  if (!decideViewAccessReviews(actor).allowed) return NOT_FOUND_RESULT;
  if (input.itemIds.length === 0) return invalidInput("itemIds", "Select at least one holder.");
  return await withTransaction(db, async (tx) => {
    const review = await loadReview(tx, input.reviewId);
    if (!review) return NOT_FOUND_RESULT;
    const items = await tx
      .select({
        id: accessReviewItems.id,
        environmentId: accessReviewItems.environmentId,
        environmentUserId: accessReviewItems.environmentUserId,
        holderName: accessReviewItems.holderName,
        holderEmail: accessReviewItems.holderEmail,
        decision: accessReviewItems.decision,
        note: accessReviewItems.note,
        holderDirectoryUserId: environmentUsers.directoryUserId,
      })
      .from(accessReviewItems)
      .innerJoin(environmentUsers, eq(environmentUsers.id, accessReviewItems.environmentUserId))
      .where(and(eq(accessReviewItems.reviewId, review.id), inArray(accessReviewItems.id, input.itemIds)));
    if (items.length !== input.itemIds.length)
      return invalidInput("itemIds", "One of the selected holders is not part of this review. Reload and try again.");
    for (const item of items) {
      const decision = decideAnswerItem(actor, reviewFacts(review), item);
      if (!decision.allowed) return refusal({ ...decision, message: `${item.holderName}: ${decision.message}` });
    }
    const changed = items.filter((i) => i.decision !== input.decision || i.note !== input.note);
    const events: AuditInput[] = [];
    for (const item of changed) {
      await tx
        .update(accessReviewItems)
        .set({ decision: input.decision, note: input.note, decidedById: actor.id, decidedAt: ctx.now })
        .where(eq(accessReviewItems.id, item.id));
      events.push({
        action: "AccessReviewAnswered",
        actor: { id: actor.id, upn: actor.upn },
        environmentId: item.environmentId,
        target: {
          type: "environmentUser",
          id: item.environmentUserId,
          label: `${item.holderName} <${item.holderEmail}>`,
        },
        before: { review: review.name, answer: item.decision ?? "unanswered" },
        after: { review: review.name, answer: input.decision, note: input.note },
        reason: input.note,
        origin: ctx.origin,
        at: ctx.now,
      });
    }
    if (events.length) await appendAuditEvents(tx, events);
    const verb = input.decision === "keep" ? "Keep" : "Remove";
    const who = items.length === 1 ? items[0]!.holderName : `${items.length} holders`;
    return { ok: true as const, message: `Answered ${verb} for ${who}.`, answered: changed.length };
  });
}
