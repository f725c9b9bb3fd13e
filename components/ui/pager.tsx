import Link from "@/components/ui/link";

/**
 * Previous / next links under a server-paged grid. The page lives in the URL, so links can be
 * shared and the back button works. `hrefFor` builds a page's address (keeping search and filters).
 */
export function Pager({
  label,
  page,
  pageCount,
  total,
  noun,
  hrefFor,
}: {
  label: string;
  page: number;
  pageCount: number;
  total: number;
  noun: string;
  hrefFor: (page: number) => string;
}) {
  const link = "rounded-control border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt";
  const off = "rounded-control border border-line px-3 py-1.5 text-sm font-semibold text-muted opacity-50";
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-between text-sm">
      <p className="text-muted">
        Page {page} of {pageCount} · {total} {noun}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={hrefFor(page - 1)} className={link} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Previous
          </span>
        )}
        {page < pageCount ? (
          <Link href={hrefFor(page + 1)} className={link} rel="next">
            Next
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            Next
          </span>
        )}
      </div>
    </nav>
  );
}
