import "server-only";
import { withTransaction } from "@/db/transaction";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { environments } from "@/db/schema";
import { decideStartReview, isReviewAdmin, RECURRENCE_DAYS } from "@/lib/policy/access-review";
import type { Actor } from "@/lib/policy/actor";
import { loadPeople } from "../directory/tenant-admins";
import { invalidInput, refusal, type ActionContext, type ServiceResult } from "../result";
import { createReviewInTransaction, type ReviewSpec } from "./create";

const MAX_DUE_DAYS = 365;

/**
 * A Global or Exchange Administrator starts a review of the holders of one, several or all
 * environments. Named reviewers must be enabled Global or Exchange Administrators now.
 */
export async function startAccessReview(
  db: Db,
  actor: Actor,
  spec: ReviewSpec,
  ctx: ActionContext,
): Promise<ServiceResult<{ reviewId: number; items: number }>> {
  const decision = decideStartReview(actor);
  if (!decision.allowed) return refusal(decision);
  if (spec.dueAt.getTime() <= ctx.now.getTime()) return invalidInput("dueAt", "The due date must be in the future.");
  if (spec.dueAt.getTime() > ctx.now.getTime() + MAX_DUE_DAYS * 86_400_000)
    return invalidInput("dueAt", `Choose a due date within ${MAX_DUE_DAYS} days.`);
  if (spec.recurrenceDays !== null && !(RECURRENCE_DAYS as readonly number[]).includes(spec.recurrenceDays))
    return invalidInput("recurrenceDays", "Repeat every 30, 90 or 180 days, or not at all.");
  return await withTransaction(db, async (tx) => {
    if (spec.environmentIds !== "all") {
      if (spec.environmentIds.length === 0) return invalidInput("environmentIds", "Choose at least one environment.");
      const found = await tx
        .select({ id: environments.id })
        .from(environments)
        .where(inArray(environments.id, spec.environmentIds));
      if (found.length !== spec.environmentIds.length)
        return invalidInput("environmentIds", "One of the environments does not exist.");
    }
    if (spec.reviewerIds !== "tenant_admins") {
      if (spec.reviewerIds.length === 0) return invalidInput("reviewerIds", "Name at least one reviewer.");
      const people = await loadPeople(tx, spec.reviewerIds);
      const ineligible = spec.reviewerIds.find((id) => !people.has(id) || !isReviewAdmin(people.get(id)!));
      if (ineligible !== undefined)
        return invalidInput(
          "reviewerIds",
          `${people.get(ineligible)?.name ?? "One of the reviewers"} is not an enabled Global or Exchange Administrator: only they review Delegated Mailbox Approver.`,
        );
    }
    const created = await createReviewInTransaction(tx, spec, {
      startedBy: actor,
      actor,
      previousReviewId: null,
      origin: ctx.origin,
      now: ctx.now,
    });
    return {
      ok: true as const,
      message: `Started "${spec.name}": ${created.items === 1 ? "1 holder" : `${created.items} holders`} to review.`,
      ...created,
    };
  });
}
