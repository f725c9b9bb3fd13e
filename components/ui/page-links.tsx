import Link from "next/link";

/** "1–50 of 123" with Previous / Next links; the page number lives in the URL. */
export function PageLinks({ page, pageSize, total, hrefFor, label }: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = "rounded-control border border-line bg-surface px-3 py-1 font-semibold hover:bg-surface-alt";
  const off = "rounded-control border border-line px-3 py-1 text-muted opacity-50";
  return (
    <nav aria-label={label} className="mt-3 flex items-center justify-between text-sm">
      <span>
        {first}–{last} of {total} · page {Math.min(page, pages)} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={link} href={hrefFor(page - 1)}>Previous</Link> : <span className={off} aria-disabled="true">Previous</span>}
        {page < pages ? <Link className={link} href={hrefFor(page + 1)}>Next</Link> : <span className={off} aria-disabled="true">Next</span>}
      </span>
    </nav>
  );
}
