import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { z } from "zod";
import { getDb } from "@/db/client";
import { buttonClass } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/ui/pager";
import { getActor } from "@/lib/auth/current-actor";
import { Time } from "@/components/time";
import { decideStartReview, decideViewAccessReviews } from "@/lib/policy/access-review";
import { countOpenItemsFor, listAccessReviews, REVIEWS_PAGE_SIZE } from "@/lib/services/reviews";
import { StatusBadge } from "./_components/labels";

export const metadata: Metadata = { title: "Access reviews · Mailgate" };

const Query = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1) });

export default async function AccessReviewsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  const header = (
    <PageHeader
      crumbs={[{ label: "Tenant" }, { label: "Access reviews" }]}
      title="Access reviews"
      description="Global and Exchange Administrators review who holds Delegated Mailbox Approver: each holder is kept or removed."
    />
  );
  const view = decideViewAccessReviews(actor);
  if (!view.allowed)
    return (
      <>
        {header}
        <Notice tone="warning" title="You cannot see access reviews">
          {view.message}
        </Notice>
      </>
    );

  const { page } = Query.parse(await searchParams);
  const db = getDb();
  const now = new Date();
  const list = (await listAccessReviews(db, actor, page))!;
  const waiting = await countOpenItemsFor(
    db,
    actor,
    list.rows.filter((r) => r.status === "open").map((r) => r.id),
  );
  const start = decideStartReview(actor);

  return (
    <>
      {header}
      <CommandBar label="Access review commands">
        {start.allowed ? (
          <Link href="/tenant/access-reviews/new" className={buttonClass("subtle")}>
            Start a review
          </Link>
        ) : (
          <span className="px-3 py-1.5 text-sm text-muted" data-testid="why-no-start">
            {start.message} ({start.code} · {start.reason})
          </span>
        )}
      </CommandBar>
      <DataTable
        label="Access reviews"
        rows={list.rows}
        rowKey={(r) => r.id}
        empty="No access review has been started yet."
        columns={[
          {
            header: "Review",
            cell: (r) => (
              <Link className="font-semibold text-brand hover:underline" href={`/tenant/access-reviews/${r.id}`}>
                {r.name}
              </Link>
            ),
          },
          { header: "State", cell: (r) => <StatusBadge status={r.status} isOverdue={r.dueAt <= now} /> },
          {
            header: "Started",
            cell: (r) => (
              <>
                <Time value={r.startedAt} kind="date" /> by {r.startedBy}
              </>
            ),
          },
          { header: "Due", cell: (r) => <Time value={r.dueAt} /> },
          { header: "Answered", cell: (r) => `${r.answered} of ${r.items}` },
          {
            header: "Waiting for you",
            cell: (r) => (waiting.has(r.id) ? `${waiting.get(r.id)} open` : "—"),
          },
        ]}
      />
      <Pager
        label="Access review pages"
        page={page}
        pageCount={Math.max(1, Math.ceil(list.total / REVIEWS_PAGE_SIZE))}
        total={list.total}
        noun="reviews"
        hrefFor={(p) => (p > 1 ? `/tenant/access-reviews?page=${p}` : "/tenant/access-reviews")}
      />
    </>
  );
}
