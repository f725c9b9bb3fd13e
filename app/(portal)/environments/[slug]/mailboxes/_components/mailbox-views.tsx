import Link from "@/components/ui/link";
import type { MailboxView } from "@/lib/services/mailboxes/grid";

const VIEWS: { view: MailboxView; label: string }[] = [
  { view: "active", label: "Active Mailboxes" },
  { view: "pending", label: "Pending approval" },
  { view: "approved", label: "Approved" },
  { view: "rejected", label: "Rejected" },
  { view: "test-failures", label: "Test failures" },
  { view: "inactive", label: "Inactive" },
  { view: "mine", label: "My mailbox" },
];

/**
 * The grid's views as tabs, and the search box; both live in the URL so a view can be bookmarked.
 * A tab's look is in app/globals.css (.view-tab; the current one by its aria-current): each of the
 * seven is written into both the HTML and the RSC payload (issue 20).
 */
export function MailboxViews({ slug, view, q }: { slug: string; view: MailboxView; q: string }) {
  return (
    <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
      <nav aria-label="Mailbox views" className="flex flex-wrap gap-1">
        {VIEWS.map((v) => (
          <Link
            key={v.view}
            href={`/environments/${slug}/mailboxes?view=${v.view}${q ? `&q=${encodeURIComponent(q)}` : ""}`}
            aria-current={v.view === view ? "page" : undefined}
            className="view-tab"
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <form method="get" role="search" aria-label="Search mailboxes" className="flex w-full gap-2 sm:w-auto">
        <input type="hidden" name="view" value={view} />
        <input
          name="q"
          defaultValue={q}
          aria-label="Search by name or address"
          placeholder="Search name or address"
          className="min-w-0 flex-1 rounded-control sm:w-64 sm:flex-none border border-line bg-surface px-2.5 py-1.5 text-sm"
        />
        <button
          type="submit"
          className="rounded-control border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt"
        >
          Search
        </button>
      </form>
    </div>
  );
}
