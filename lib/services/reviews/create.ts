import "server-only";
import { single } from "@/db/query";
import { and, asc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  accessReviewEnvironments,
  accessReviewItems,
  accessReviewReviewers,
  accessReviews,
  environments,
  environmentUsers,
  securityRoles,
  userRoleAssignments,
} from "@/db/schema";
import type { ReviewerMode, UnansweredRule } from "@/lib/policy/access-review";
import { formatDateTime } from "@/lib/format";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";
import { listDelegationAdmins, loadPeople } from "../directory/tenant-admins";
import { addNotifications } from "../notifications/store";

/** What a review is: the same for one started by a person and for the next of a recurring series. */
export type ReviewSpec = {
  name: string;
  /** "all": every environment at the start; else these ids. */
  environmentIds: number[] | "all";
  /** "tenant_admins": any Global or Exchange Administrator; else these people. */
  reviewerIds: number[] | "tenant_admins";
  dueAt: Date;
  unanswered: UnansweredRule;
  recurrenceDays: number | null;
};

export const reviewPagePath = (id: number) => `/tenant/access-reviews/${id}`;

/** Active Delegated Mailbox Approver assignments in the environments, in environment then holder order. */
async function currentHolders(tx: Tx, environmentIds: number[] | "all", now: Date) {
  return await tx
    .select({
      environmentId: environments.id,
      environmentUserId: environmentUsers.id,
      holderName: environmentUsers.fullName,
      holderEmail: environmentUsers.email,
      assignedAt: userRoleAssignments.assignedAt,
      endsAt: userRoleAssignments.endsAt,
      justification: userRoleAssignments.justification,
    })
    .from(userRoleAssignments)
    .innerJoin(securityRoles, eq(securityRoles.id, userRoleAssignments.roleId))
    .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
    .innerJoin(environments, eq(environments.id, securityRoles.environmentId))
    .where(
      and(
        eq(securityRoles.key, "delegated_mailbox_approver"),
        or(isNull(userRoleAssignments.endsAt), gt(userRoleAssignments.endsAt, now)),
        environmentIds === "all" ? undefined : inArray(environments.id, environmentIds),
      ),
    )
    .orderBy(asc(environments.name), asc(environmentUsers.fullName), asc(environmentUsers.id));
}

/**
 * Creates a review inside the caller's transaction: its scope, reviewers, one item per current
 * holder (facts as they stand now), the AccessReviewStarted event and a notification to each
 * reviewer. `startedBy` is the person who started it; `actor` null means the series' previous
 * review started it when it was applied.
 */
export async function createReviewInTransaction(
  tx: Tx,
  spec: ReviewSpec,
  context: {
    startedBy: { id: number; upn: string };
    actor: { id: number; upn: string } | null;
    previousReviewId: number | null;
    origin: RequestOrigin;
    now: Date;
  },
): Promise<{ reviewId: number; items: number }> {
  const reviewerMode: ReviewerMode = spec.reviewerIds === "tenant_admins" ? "tenant_admins" : "named";
  const review = await single(
    tx
      .insert(accessReviews)
      .values({
        name: spec.name,
        scope: spec.environmentIds === "all" ? "all" : "environments",
        reviewerMode,
        unanswered: spec.unanswered,
        recurrenceDays: spec.recurrenceDays,
        status: "open",
        startedById: context.startedBy.id,
        startedAt: context.now,
        dueAt: spec.dueAt,
        previousReviewId: context.previousReviewId,
      })
      .returning({ id: accessReviews.id }),
  );
  if (spec.environmentIds !== "all" && spec.environmentIds.length)
    await tx
      .insert(accessReviewEnvironments)
      .values(spec.environmentIds.map((environmentId) => ({ reviewId: review.id, environmentId })));
  if (spec.reviewerIds !== "tenant_admins" && spec.reviewerIds.length)
    await tx
      .insert(accessReviewReviewers)
      .values(spec.reviewerIds.map((directoryUserId) => ({ reviewId: review.id, directoryUserId })));
  const holders = await currentHolders(tx, spec.environmentIds, context.now);
  // Chunks keep each INSERT under SQLite's limit on bound parameters.
  for (let i = 0; i < holders.length; i += 500)
    await tx.insert(accessReviewItems).values(holders.slice(i, i + 500).map((h) => ({ ...h, reviewId: review.id })));

  const reviewers =
    spec.reviewerIds === "tenant_admins"
      ? await listDelegationAdmins(tx)
      : [...(await loadPeople(tx, spec.reviewerIds)).values()].sort((a, b) => a.name.localeCompare(b.name));
  await appendAuditEvent(tx, {
    action: "AccessReviewStarted",
    actor: context.actor,
    target: { type: "accessReview", id: review.id, label: spec.name },
    after: {
      environments: spec.environmentIds === "all" ? "all" : await environmentNames(tx, spec.environmentIds),
      reviewers:
        spec.reviewerIds === "tenant_admins" ? "every Global and Exchange Administrator" : reviewers.map((r) => r.upn),
      dueAt: spec.dueAt.toISOString(),
      unanswered: spec.unanswered,
      recurrenceDays: spec.recurrenceDays,
      items: holders.length,
    },
    reason: context.previousReviewId
      ? `The next review of a recurring series (after review ${context.previousReviewId}).`
      : null,
    origin: context.origin,
    at: context.now,
  });
  await addNotifications(
    tx,
    reviewers
      .filter((r) => r.id !== context.actor?.id)
      .map((r) => ({
        recipientId: r.id,
        kind: "access-review-assigned" as const,
        subject: { type: "accessReview", id: review.id },
        title: `Access review: ${spec.name}`,
        body: `Review ${holders.length === 1 ? "1 Delegated Mailbox Approver holder" : `${holders.length} Delegated Mailbox Approver holders`} by ${formatDateTime(spec.dueAt)}.`,
        link: { href: reviewPagePath(review.id), label: "Review" },
        dedupeKey: `access-review:${review.id}:assigned`,
      })),
    context.now,
  );
  return { reviewId: review.id, items: holders.length };
}

async function environmentNames(tx: Tx, ids: number[]): Promise<string[]> {
  return (
    await tx
      .select({ name: environments.name })
      .from(environments)
      .where(inArray(environments.id, ids))
      .orderBy(asc(environments.name))
  ).map((e) => e.name);
}
