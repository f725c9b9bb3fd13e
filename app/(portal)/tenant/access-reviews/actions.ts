"use server";

import { z } from "zod";
import { idField, line, lines, listOf } from "@/lib/form-schemas";
import { formAction, serviceAction, type Revalidation } from "@/lib/service-action";
import {
  ANSWER_AT_MOST,
  answerReviewItems,
  applyAccessReview,
  reviewPagePath,
  startAccessReview,
} from "@/lib/services/reviews";
import { endOfUtcDay } from "./_components/due-date";

const StartReviewInput = z
  .object({
    name: line.trim().min(1, "Name the review.").max(120, "Keep the name under 120 characters."),
    scope: z.enum(["all", "environments"], "Choose the environments to review."),
    environmentIds: listOf(idField, 100),
    reviewerMode: z.enum(["tenant_admins", "named"], "Choose who reviews."),
    reviewerIds: listOf(idField, 100),
    dueDate: line.trim().max(10).pipe(z.iso.date("Enter a due date.")).transform(endOfUtcDay),
    unanswered: z.enum(["flag", "keep", "remove"], "Choose what happens to unanswered holders."),
    recurrenceDays: z
      .enum(["", "30", "90", "180"], "Choose how often it repeats.")
      .transform((v) => (v ? Number(v) : null)),
  })
  .transform((input) => ({
    name: input.name,
    environmentIds: input.scope === "all" ? ("all" as const) : input.environmentIds,
    reviewerIds: input.reviewerMode === "tenant_admins" ? ("tenant_admins" as const) : input.reviewerIds,
    dueAt: input.dueDate,
    unanswered: input.unanswered,
    recurrenceDays: input.recurrenceDays,
  }));

const reviewPages = ({ reviewId }: { reviewId: number }): Revalidation[] => [
  "/tenant/access-reviews",
  reviewPagePath(reviewId),
];

export const startReviewAction = formAction(
  StartReviewInput,
  (spec, { db, actor, origin, now }) => startAccessReview(db, actor, spec, { origin, now }),
  {
    revalidate: (_input, result) => reviewPages(result),
    redirectTo: (_input, result) => reviewPagePath(result.reviewId),
  },
);

const AnswerInput = z.object({
  reviewId: idField,
  itemIds: listOf(idField, ANSWER_AT_MOST),
  decision: z.enum(["keep", "remove"], "Answer Keep or Remove."),
  note: lines
    .trim()
    .max(500, "Keep the note under 500 characters.")
    .optional()
    .transform((value) => value || null),
});

export const answerReviewAction = serviceAction(
  AnswerInput,
  (input, { db, actor, origin, now }) => answerReviewItems(db, actor, input, { origin, now }),
  { revalidate: reviewPages },
);

export const applyReviewAction = serviceAction(
  z.object({ reviewId: idField }),
  (input, { db, actor, origin, now }) => applyAccessReview(db, actor, input, { origin, now }),
  { revalidate: reviewPages },
);
