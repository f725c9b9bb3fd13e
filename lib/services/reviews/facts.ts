import "server-only";
import { first } from "@/db/query";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { accessReviewReviewers, accessReviews } from "@/db/schema";
import type { ReviewFacts } from "@/lib/policy/access-review";

export type ReviewRow = typeof accessReviews.$inferSelect & { reviewerIds: number[] };

/** A review with its named reviewers, or null. */
export async function loadReview(db: Db | Tx, reviewId: number): Promise<ReviewRow | null> {
  const review = await first(db.select().from(accessReviews).where(eq(accessReviews.id, reviewId)).limit(1));
  if (!review) return null;
  const reviewerIds = (
    await db
      .select({ id: accessReviewReviewers.directoryUserId })
      .from(accessReviewReviewers)
      .where(eq(accessReviewReviewers.reviewId, reviewId))
  ).map((r) => r.id);
  return { ...review, reviewerIds };
}

/** What the review rules decide on. */
export const reviewFacts = (review: ReviewRow): ReviewFacts => ({
  status: review.status,
  reviewerMode: review.reviewerMode,
  reviewerIds: review.reviewerIds,
  startedById: review.startedById,
  dueAt: review.dueAt,
});
