import Link from "@/components/ui/link";
import { formatAge } from "@/lib/format";
import type { PendingAges } from "@/lib/services/mailboxes/pending-age";

/**
 * The overview's queue at a glance: how long the oldest pending mailbox has waited, and a bar per
 * age bucket, each a link to the Pending view filtered to it (oldest first).
 */
const BAR = { lt1d: "fill-brand", "1to7d": "fill-warning", gt7d: "fill-danger" } as const;

export function PendingAgeChart({ slug, ages, now }: { slug: string; ages: PendingAges; now: Date }) {
  const largest = Math.max(1, ...ages.buckets.map((b) => b.count));
  return (
    <div className="space-y-3">
      <p className="flex justify-between">
        <span className="text-muted">Oldest pending</span>
        <span className="font-semibold" data-testid="oldest-pending">
          {ages.oldestSince ? formatAge(now.getTime() - ages.oldestSince.getTime()) : "None pending"}
        </span>
      </p>
      <ul aria-label="Pending mailboxes by age" className="space-y-2">
        {ages.buckets.map((b) => (
          <li key={b.age}>
            <Link
              href={`/environments/${slug}/mailboxes?view=pending&age=${b.age}&sort=pendingSince&dir=asc`}
              aria-label={`${b.label}: ${b.count} pending`}
              className="group block rounded-control p-1 hover:bg-surface-alt"
            >
              <span className="flex justify-between text-sm">
                {/* The space keeps the visible words apart, as the link's name has them (WCAG 2.5.3). */}
                <span className="group-hover:underline">{b.label}</span>{" "}
                <span className="font-semibold tabular-nums">{b.count}</span>
              </span>
              {/* SVG attributes, not a style: the CSP allows no inline styles. */}
              <svg aria-hidden="true" viewBox="0 0 100 4" preserveAspectRatio="none" className="mt-1 block h-2 w-full">
                <rect width="100" height="4" rx="2" className="fill-surface-alt" />
                <rect width={(b.count / largest) * 100} height="4" rx="2" className={BAR[b.age]} />
              </svg>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
