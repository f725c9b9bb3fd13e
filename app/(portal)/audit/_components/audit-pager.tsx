import Link from "@/components/ui/link";

const LINK = "rounded-control border border-line bg-surface px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt";
const OFF = "rounded-control border border-line px-3 py-1.5 text-sm font-semibold text-muted opacity-50";

/**
 * Newer / Next page by keyset cursor. There is no page count or total on purpose: counting a
 * million filtered events would cost more than showing a page of them.
 */
export function AuditPager({
  count,
  newerHref,
  olderHref,
}: {
  count: number;
  newerHref: string | null;
  olderHref: string | null;
}) {
  return (
    <nav aria-label="Audit log pages" className="mt-3 flex items-center justify-between text-sm">
      <p className="text-muted">{count === 1 ? "1 event" : `${count} events`} on this page</p>
      <div className="flex gap-2">
        {newerHref ? (
          <Link href={newerHref} className={LINK} rel="prev">
            Newer
          </Link>
        ) : (
          <span className={OFF} aria-disabled="true">
            Newer
          </span>
        )}
        {olderHref ? (
          <Link href={olderHref} className={LINK} rel="next">
            Next page
          </Link>
        ) : (
          <span className={OFF} aria-disabled="true">
            Next page
          </span>
        )}
      </div>
    </nav>
  );
}
