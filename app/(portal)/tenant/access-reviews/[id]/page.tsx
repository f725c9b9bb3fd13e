import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { optionalTimeText } from "@/lib/time/time-text";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { UNANSWERED_RULES } from "@/lib/policy/access-review";
import { getAccessReview, ITEMS_PAGE_SIZE, listReviewItems, type ItemView } from "@/lib/services/reviews";
import { recurrenceLabel, StatusBadge } from "../_components/labels";
import { ApplyCommand } from "./_components/apply-command";
import { ReviewItems } from "./_components/review-items";

export const metadata: Metadata = { title: "Access review · Mailgate" };

const Params = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const Query = z.object({
  view: z.enum(["open", "answered", "all"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold text-muted uppercase">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One review: its terms, its items (open ones first for reviewers), Apply for its starter, and its result once applied. */
export default async function AccessReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const parsed = Params.safeParse(await params);
  if (!parsed.success) notFound();
  const actor = await getActor();
  const db = getDb();
  const now = new Date();
  const review = await getAccessReview(db, actor, parsed.data.id, now);
  if (!review) notFound();
  const isOpen = review.status === "open";
  const query = Query.parse(await searchParams);
  const view: ItemView = query.view ?? (isOpen && review.answer.allowed ? "open" : "all");
  const items = (await listReviewItems(db, actor, review.id, { view, page: query.page }))!;
  const base = `/tenant/access-reviews/${review.id}`;
  const href = (v: ItemView, page = 1) => `${base}?view=${v}${page > 1 ? `&page=${page}` : ""}`;
  const { counts } = review;
  const zone = await viewerTimeZone();

  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Tenant" },
          { label: "Access reviews", href: "/tenant/access-reviews" },
          { label: review.name },
        ]}
        title={review.name}
        description={
          isOpen ? (
            <>
              Due <Time value={review.dueAt} />. {counts.answered} of {counts.items} answered.
            </>
          ) : (
            <>
              Applied <Time value={review.appliedAt} />: {counts.removed} removed, {counts.kept} kept, {counts.flagged}{" "}
              flagged, {counts.gone} no longer held.
            </>
          )
        }
      />
      <CommandBar label="Review commands">
        {isOpen && (
          <ApplyCommand
            reviewId={review.id}
            refusal={review.apply.allowed ? null : review.apply.message}
            unansweredRule={UNANSWERED_RULES[review.unanswered]}
            openItems={counts.items - counts.answered}
          />
        )}
        <a href={`${base}/export`} className={buttonClass("subtle")} download>
          Export CSV
        </a>
      </CommandBar>
      <section aria-label="Review terms" className="mb-4 rounded-card bg-surface p-4 shadow-card">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          <Fact label="State">
            <StatusBadge status={review.status} isOverdue={review.dueAt <= now} />
          </Fact>
          <Fact label="Environments">
            {review.environments === "all" ? "All environments" : review.environments.join(", ")}
          </Fact>
          <Fact label="Reviewers">
            {review.reviewers === "tenant_admins"
              ? "Every Global and Exchange Administrator"
              : review.reviewers.join(", ")}
          </Fact>
          <Fact label="Started">
            <Time value={review.startedAt} kind="date" /> by {review.startedBy}
          </Fact>
          <Fact label="Unanswered holders">{UNANSWERED_RULES[review.unanswered]}</Fact>
          <Fact label="Repeats">{recurrenceLabel(review.recurrenceDays)}</Fact>
          {review.appliedBy && <Fact label="Applied by">{review.appliedBy}</Fact>}
          {review.previousReviewId && (
            <Fact label="Previous review">
              <Link className="text-brand hover:underline" href={`/tenant/access-reviews/${review.previousReviewId}`}>
                Review {review.previousReviewId}
              </Link>
            </Fact>
          )}
          {review.nextReviewId && (
            <Fact label="Next review">
              <Link className="text-brand hover:underline" href={`/tenant/access-reviews/${review.nextReviewId}`}>
                Review {review.nextReviewId}
              </Link>
            </Fact>
          )}
        </dl>
        {isOpen && !review.answer.allowed && (
          <p className="mt-3 text-sm text-muted" data-testid="why-no-answer">
            {review.answer.message}
          </p>
        )}
      </section>
      <nav aria-label="Item views" className="mb-3 flex gap-2 text-sm">
        {(
          [
            ["open", `Open (${counts.items - counts.answered})`],
            ["answered", `Answered (${counts.answered})`],
            ["all", `All (${counts.items})`],
          ] as const
        ).map(([v, label]) => (
          <Link
            key={v}
            href={href(v)}
            aria-current={v === view ? "page" : undefined}
            className={`rounded-control px-3 py-1.5 font-semibold ${v === view ? "bg-brand-subtle text-brand" : "hover:bg-surface-alt"}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      <ReviewItems
        reviewId={review.id}
        isOpen={isOpen}
        rows={items.rows.map((r) => ({
          id: r.id,
          holderName: r.holderName,
          holderEmail: r.holderEmail,
          environment: r.environment,
          lastApproval: optionalTimeText(r.lastApprovalAt, zone),
          endDate: optionalTimeText(r.endsAt, zone),
          justification: r.justification ?? "—",
          decision: r.decision,
          note: r.note,
          decidedBy: r.decidedBy,
          outcome: r.outcome,
          answerRefusal: r.answerRefusal,
        }))}
      />
      <Pager
        label="Review item pages"
        page={query.page}
        pageCount={Math.max(1, Math.ceil(items.total / ITEMS_PAGE_SIZE))}
        total={items.total}
        noun="holders"
        hrefFor={(p) => href(view, p)}
      />
    </>
  );
}
