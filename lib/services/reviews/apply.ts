import "server-only";
import { withTransaction } from "@/db/transaction";
import { and, asc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  accessReviewEnvironments,
  accessReviewItems,
  accessReviews,
  directoryUsers,
  securityRoles,
  userRoleAssignments,
} from "@/db/schema";
import {
  decideApplyReview,
  decideViewAccessReviews,
  isReviewAdmin,
  itemOutcome,
  nextReviewDates,
  nextStatus,
  type ItemOutcome,
} from "@/lib/policy/access-review";
import type { Actor } from "@/lib/policy/actor";
import { appendAuditEvent, NO_ORIGIN } from "../audit/log";
import { removeDelegationInTransaction } from "../delegation/end-delegation";
import { loadPeople } from "../directory/tenant-admins";
import { addNotifications } from "../notifications/store";
import { NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { createReviewInTransaction, reviewPagePath, type ReviewSpec } from "./create";
import { loadReview, type ReviewRow } from "./facts";

export type OutcomeCounts = Record<ItemOutcome, number>;

/**
 * Applies a review in one transaction: every item gets its outcome (lib/policy/access-review.ts),
 * Remove takes the role away with its RoleRemoved event, the review is closed with an
 * AccessReviewApplied event, its starter is told, and a recurring review starts its successor.
 * `actor` is the starter applying early; null is the background sweep on the due date.
 *
 * Over 200 lines because applying is one transaction over every item, and its steps share it.
 */
export async function applyAccessReview(
  db: Db,
  actor: Actor | null,
  input: { reviewId: number },
  ctx: ActionContext,
): Promise<ServiceResult<{ counts: OutcomeCounts; nextReviewId: number | null }>> {
  if (actor && !decideViewAccessReviews(actor).allowed) return NOT_FOUND_RESULT;
  return await withTransaction(db, async (tx) => {
    const review = await loadReview(tx, input.reviewId);
    if (!review) return NOT_FOUND_RESULT;
    const decision = decideApplyReview(actor, review, ctx.now);
    if (!decision.allowed) return refusal(decision);
    const by = actor ? { id: actor.id, upn: actor.upn } : null;
    const counts = await applyItems(tx, review, by, ctx);
    await tx
      .update(accessReviews)
      .set({
        status: nextStatus(review.status, "apply")!,
        appliedAt: ctx.now,
        appliedById: by?.id ?? null,
        version: review.version + 1,
      })
      .where(eq(accessReviews.id, review.id));
    await appendAuditEvent(tx, {
      action: "AccessReviewApplied",
      actor: by,
      target: { type: "accessReview", id: review.id, label: review.name },
      before: { status: "open" },
      after: { status: "applied", ...counts },
      reason: actor ? "Applied early by its starter." : "The review reached its due date.",
      origin: ctx.origin,
      at: ctx.now,
    });
    const summary = summarize(counts);
    if (review.startedById !== by?.id)
      await addNotifications(
        tx,
        [
          {
            recipientId: review.startedById,
            kind: "access-review-applied",
            subject: { type: "accessReview", id: review.id },
            title: `Access review applied: ${review.name}`,
            body: `${summary}.`,
            link: { href: reviewPagePath(review.id), label: "See the result" },
            dedupeKey: `access-review:${review.id}:applied`,
          },
        ],
        ctx.now,
      );
    const nextReviewId = await startNextReview(tx, review, ctx);
    return {
      ok: true as const,
      message: `Applied "${review.name}": ${summary}.${nextReviewId ? " The next review of the series has started." : ""}`,
      counts,
      nextReviewId,
    };
  });
}

function summarize(counts: OutcomeCounts): string {
  return `${counts.removed} removed, ${counts.kept} kept, ${counts.flagged} flagged, ${counts.gone} no longer held`;
}

async function applyItems(
  tx: Tx,
  review: ReviewRow,
  by: { id: number; upn: string } | null,
  ctx: ActionContext,
): Promise<OutcomeCounts> {
  const items = await tx
    .select({
      id: accessReviewItems.id,
      environmentId: accessReviewItems.environmentId,
      environmentUserId: accessReviewItems.environmentUserId,
      decision: accessReviewItems.decision,
      note: accessReviewItems.note,
      decidedBy: directoryUsers.displayName,
    })
    .from(accessReviewItems)
    .leftJoin(directoryUsers, eq(directoryUsers.id, accessReviewItems.decidedById))
    .where(eq(accessReviewItems.reviewId, review.id))
    .orderBy(asc(accessReviewItems.id));
  const held = await activeHolders(
    tx,
    items.map((i) => i.environmentUserId),
    ctx.now,
  );
  const counts: OutcomeCounts = { kept: 0, removed: 0, flagged: 0, gone: 0 };
  for (const item of items) {
    const outcome = itemOutcome(item.decision, review.unanswered, held.has(item.environmentUserId));
    counts[outcome]++;
    if (outcome === "removed") {
      const why = item.decision
        ? `answered Remove by ${item.decidedBy}${item.note ? `: ${item.note}` : ""}`
        : "not answered, and the review removes unanswered holders";
      await removeDelegationInTransaction(tx, {
        environmentId: item.environmentId,
        environmentUserId: item.environmentUserId,
        actor: by,
        reason: `Access review "${review.name}": ${why}.`,
        origin: ctx.origin,
        now: ctx.now,
      });
    }
    await tx.update(accessReviewItems).set({ outcome }).where(eq(accessReviewItems.id, item.id));
  }
  return counts;
}

/** Which of these environment users hold an active Delegated Mailbox Approver assignment now. */
async function activeHolders(tx: Tx, environmentUserIds: number[], now: Date): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < environmentUserIds.length; i += 500) {
    (
      await tx
        .select({ id: userRoleAssignments.environmentUserId })
        .from(userRoleAssignments)
        .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
        .where(
          and(
            inArray(userRoleAssignments.environmentUserId, environmentUserIds.slice(i, i + 500)),
            eq(securityRoles.key, "delegated_mailbox_approver"),
            or(isNull(userRoleAssignments.endsAt), gt(userRoleAssignments.endsAt, now)),
          ),
        )
    ).forEach((r) => found.add(r.id));
  }
  return found;
}

/**
 * A recurring review's successor: same scope, rule and period, due one period later. Named
 * reviewers who are no longer Global or Exchange Administrators drop out; with none left, every
 * Global and Exchange Administrator reviews, so the series never waits on nobody.
 */
async function startNextReview(tx: Tx, review: ReviewRow, ctx: ActionContext): Promise<number | null> {
  const dates = nextReviewDates(review, ctx.now);
  if (!dates) return null;
  const environmentIds =
    review.scope === "all"
      ? ("all" as const)
      : (
          await tx
            .select({ id: accessReviewEnvironments.environmentId })
            .from(accessReviewEnvironments)
            .where(eq(accessReviewEnvironments.reviewId, review.id))
        ).map((r) => r.id);
  const people = await loadPeople(tx, [...review.reviewerIds, review.startedById]);
  const stillReviewers = review.reviewerIds.filter((id) => people.has(id) && isReviewAdmin(people.get(id)!));
  const spec: ReviewSpec = {
    name: review.name,
    environmentIds,
    reviewerIds: review.reviewerMode === "named" && stillReviewers.length ? stillReviewers : "tenant_admins",
    dueAt: dates.dueAt,
    unanswered: review.unanswered,
    recurrenceDays: review.recurrenceDays,
  };
  const starter = people.get(review.startedById)!;
  return (
    await createReviewInTransaction(tx, spec, {
      startedBy: { id: starter.id, upn: starter.upn },
      actor: null,
      previousReviewId: review.id,
      origin: ctx.origin,
      now: dates.startedAt,
    })
  ).reviewId;
}

/** The background sweep: applies every open review whose due date has come, each in its own transaction. */
export async function applyDueReviews(db: Db, now: Date): Promise<number> {
  const due = await db
    .select({ id: accessReviews.id })
    .from(accessReviews)
    .where(and(eq(accessReviews.status, "open"), lte(accessReviews.dueAt, now)))
    .orderBy(asc(accessReviews.dueAt));
  let applied = 0;
  for (const { id } of due) {
    const result = await applyAccessReview(db, null, { reviewId: id }, { origin: NO_ORIGIN, now });
    if (result.ok) applied++;
  }
  return applied;
}
