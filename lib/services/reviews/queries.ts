/**
 * Reading access reviews (DOMAIN §11): the list, one review with what the viewer may do, a page of
 * its items, and the counts waiting for a reviewer. Over 200 lines because the four share the
 * tenant-admin visibility rule and the item facts they are shown with.
 */
import "server-only";
import { first } from "@/db/query";
import { and, asc, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "@/db/client";
import {
  accessReviewEnvironments,
  accessReviewItems,
  accessReviews,
  directoryUsers,
  environments,
  environmentUsers,
} from "@/db/schema";
import {
  decideAnswerItem,
  decideApplyReview,
  decideViewAccessReviews,
  type Answer,
  type ItemOutcome,
  type ReviewStatus,
  type UnansweredRule,
} from "@/lib/policy/access-review";
import type { Actor } from "@/lib/policy/actor";
import type { Decision } from "@/lib/policy/decision";
import { loadPeople } from "../directory/tenant-admins";
import { loadReview, reviewFacts } from "./facts";
import { holderKey, lastApprovals } from "./last-approval";

export const REVIEWS_PAGE_SIZE = 50;
export const ITEMS_PAGE_SIZE = 50;

export type ReviewListRow = {
  id: number;
  name: string;
  status: ReviewStatus;
  dueAt: Date;
  startedAt: Date;
  appliedAt: Date | null;
  startedBy: string;
  items: number;
  answered: number;
};

/** Reviews, open ones first by due date, then applied ones newest first; for tenant admins only (else null). */
export async function listAccessReviews(
  db: Db,
  actor: Actor,
  page = 1,
): Promise<{ rows: ReviewListRow[]; total: number } | null> {
  if (!decideViewAccessReviews(actor).allowed) return null;
  const starter = alias(directoryUsers, "starter");
  const rows = await db
    .select({
      id: accessReviews.id,
      name: accessReviews.name,
      status: accessReviews.status,
      dueAt: accessReviews.dueAt,
      startedAt: accessReviews.startedAt,
      appliedAt: accessReviews.appliedAt,
      startedBy: starter.displayName,
      items: sql<number>`(select count(*) from access_review_items i where i.review_id = ${accessReviews.id})`.mapWith(
        Number,
      ),
      answered:
        sql<number>`(select count(*) from access_review_items i where i.review_id = ${accessReviews.id} and i.decision is not null)`.mapWith(
          Number,
        ),
    })
    .from(accessReviews)
    .innerJoin(starter, eq(starter.id, accessReviews.startedById))
    .orderBy(
      sql`${accessReviews.status} = 'open' desc`,
      // Open ones by due date, then applied ones newest first (every applied review has its date).
      sql`case when ${accessReviews.status} = 'open' then ${accessReviews.dueAt} end`,
      sql`case when ${accessReviews.status} <> 'open' then ${accessReviews.appliedAt} end desc`,
      desc(accessReviews.id),
    )
    .limit(REVIEWS_PAGE_SIZE)
    .offset((page - 1) * REVIEWS_PAGE_SIZE);
  const total = (await first(db.select({ n: count() }).from(accessReviews).limit(1)))?.n ?? 0;
  return { rows, total };
}

export type ReviewDetail = {
  id: number;
  name: string;
  status: ReviewStatus;
  unanswered: UnansweredRule;
  recurrenceDays: number | null;
  startedBy: string;
  startedAt: Date;
  dueAt: Date;
  appliedAt: Date | null;
  appliedBy: string | null;
  environments: string[] | "all";
  reviewers: string[] | "tenant_admins";
  previousReviewId: number | null;
  nextReviewId: number | null;
  counts: { items: number; answered: number; kept: number; removed: number; flagged: number; gone: number };
  /** May the viewer answer items at all (the per-item "not your own" rule is on each item). */
  answer: Decision;
  apply: Decision;
};

/** One review for a tenant admin, with what the viewer may do; null when missing or not theirs to see. */
export async function getAccessReview(db: Db, actor: Actor, reviewId: number, now: Date): Promise<ReviewDetail | null> {
  if (!decideViewAccessReviews(actor).allowed) return null;
  const review = await loadReview(db, reviewId);
  if (!review) return null;
  const people = await loadPeople(db, [
    review.startedById,
    ...review.reviewerIds,
    ...(review.appliedById ? [review.appliedById] : []),
  ]);
  const envNames =
    review.scope === "all"
      ? ("all" as const)
      : (
          await db
            .select({ name: environments.name })
            .from(accessReviewEnvironments)
            .innerJoin(environments, eq(environments.id, accessReviewEnvironments.environmentId))
            .where(eq(accessReviewEnvironments.reviewId, review.id))
            .orderBy(asc(environments.name))
        ).map((e) => e.name);
  const tally = await db
    .select({ decision: accessReviewItems.decision, outcome: accessReviewItems.outcome, n: count() })
    .from(accessReviewItems)
    .where(eq(accessReviewItems.reviewId, review.id))
    .groupBy(accessReviewItems.decision, accessReviewItems.outcome);
  const sum = (pick: (t: (typeof tally)[number]) => boolean) => tally.filter(pick).reduce((n, t) => n + t.n, 0);
  const next = await first(
    db
      .select({ id: accessReviews.id })
      .from(accessReviews)
      .where(eq(accessReviews.previousReviewId, review.id))
      .limit(1),
  );
  const facts = reviewFacts(review);
  return {
    id: review.id,
    name: review.name,
    status: review.status,
    unanswered: review.unanswered,
    recurrenceDays: review.recurrenceDays,
    startedBy: people.get(review.startedById)?.name ?? "—",
    startedAt: review.startedAt,
    dueAt: review.dueAt,
    appliedAt: review.appliedAt,
    appliedBy: review.appliedAt
      ? review.appliedById
        ? (people.get(review.appliedById)?.name ?? "—")
        : "Background sweep (due date)"
      : null,
    environments: envNames,
    reviewers:
      review.reviewerMode === "tenant_admins"
        ? "tenant_admins"
        : review.reviewerIds.map((id) => people.get(id)?.name ?? String(id)).sort(),
    previousReviewId: review.previousReviewId,
    nextReviewId: next?.id ?? null,
    counts: {
      items: sum(() => true),
      answered: sum((t) => t.decision !== null),
      kept: sum((t) => t.outcome === "kept"),
      removed: sum((t) => t.outcome === "removed"),
      flagged: sum((t) => t.outcome === "flagged"),
      gone: sum((t) => t.outcome === "gone"),
    },
    // Holder 0 is nobody: whether the viewer reviews this review at all.
    answer: decideAnswerItem(actor, facts, { holderDirectoryUserId: 0 }),
    apply: decideApplyReview(actor, facts, now),
  };
}

export type ItemView = "open" | "answered" | "all";

export type ReviewItemRow = {
  id: number;
  environment: string;
  environmentSlug: string;
  environmentUserId: number;
  holderName: string;
  holderEmail: string;
  assignedAt: Date;
  endsAt: Date | null;
  justification: string | null;
  lastApprovalAt: Date | null;
  decision: Answer | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  outcome: ItemOutcome | null;
  /** Why the viewer may not answer this item, or null. */
  answerRefusal: string | null;
};

/** A page of a review's items (open: unanswered), in the order they were taken: environment, then holder. */
export async function listReviewItems(
  db: Db,
  actor: Actor,
  reviewId: number,
  options: { view: ItemView; page: number } | { view: "all"; page: null },
): Promise<{ rows: ReviewItemRow[]; total: number } | null> {
  if (!decideViewAccessReviews(actor).allowed) return null;
  const review = await loadReview(db, reviewId);
  if (!review) return null;
  const where = and(
    eq(accessReviewItems.reviewId, reviewId),
    options.view === "open" ? isNull(accessReviewItems.decision) : undefined,
    options.view === "answered" ? isNotNull(accessReviewItems.decision) : undefined,
  );
  const decider = alias(directoryUsers, "decider");
  const query = db
    .select({
      id: accessReviewItems.id,
      environment: environments.name,
      environmentSlug: environments.slug,
      environmentId: environments.id,
      environmentUserId: accessReviewItems.environmentUserId,
      directoryUserId: environmentUsers.directoryUserId,
      holderName: accessReviewItems.holderName,
      holderEmail: accessReviewItems.holderEmail,
      assignedAt: accessReviewItems.assignedAt,
      endsAt: accessReviewItems.endsAt,
      justification: accessReviewItems.justification,
      decision: accessReviewItems.decision,
      note: accessReviewItems.note,
      decidedBy: decider.displayName,
      decidedAt: accessReviewItems.decidedAt,
      outcome: accessReviewItems.outcome,
    })
    .from(accessReviewItems)
    .innerJoin(environments, eq(environments.id, accessReviewItems.environmentId))
    .innerJoin(environmentUsers, eq(environmentUsers.id, accessReviewItems.environmentUserId))
    .leftJoin(decider, eq(decider.id, accessReviewItems.decidedById))
    .where(where)
    .orderBy(asc(accessReviewItems.id));
  const rows =
    options.page === null
      ? await query
      : await query.limit(ITEMS_PAGE_SIZE).offset((options.page - 1) * ITEMS_PAGE_SIZE);
  const total = (await first(db.select({ n: count() }).from(accessReviewItems).where(where).limit(1)))?.n ?? 0;
  const approvals = await lastApprovals(
    db,
    rows.map((r) => ({ ...r, directoryUserId: r.directoryUserId })),
  );
  const facts = reviewFacts(review);
  return {
    total,
    rows: rows.map(({ directoryUserId, environmentId, ...r }) => {
      const decision = decideAnswerItem(actor, facts, { holderDirectoryUserId: directoryUserId });
      return {
        ...r,
        lastApprovalAt: approvals.get(holderKey({ directoryUserId, environmentId })) ?? null,
        answerRefusal: decision.allowed ? null : decision.message,
      };
    }),
  };
}

/** The reviews the actor has items to answer in, with how many: for the list page's "waiting for you". */
export async function countOpenItemsFor(db: Db, actor: Actor, reviewIds: number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  if (reviewIds.length === 0) return found;
  for (const id of reviewIds) {
    const review = await loadReview(db, id);
    if (!review || !decideAnswerItem(actor, reviewFacts(review), { holderDirectoryUserId: 0 }).allowed) continue;
    const n =
      (
        await first(
          db
            .select({ n: count() })
            .from(accessReviewItems)
            .where(and(eq(accessReviewItems.reviewId, id), isNull(accessReviewItems.decision)))
            .limit(1),
        )
      )?.n ?? 0;
    found.set(id, n);
  }
  return found;
}
