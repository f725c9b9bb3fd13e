import Link from "@/components/ui/link";
import type { ReactNode } from "react";

export type Crumb = { label: string; href?: string };

/** Breadcrumbs, the page title and an optional line under it. */
export function PageHeader({
  crumbs,
  title,
  description,
}: {
  crumbs: Crumb[];
  title: string;
  description?: ReactNode;
}) {
  return (
    <header className="mb-4">
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-muted">
        <ol className="flex flex-wrap items-center gap-1">
          {crumbs.map((c, i) => (
            <li key={`${c.label}-${i}`} className="flex items-center gap-1">
              {i > 0 && <span aria-hidden="true">›</span>}
              {c.href ? (
                <Link href={c.href} className="hover:underline">
                  {c.label}
                </Link>
              ) : (
                <span aria-current="page">{c.label}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <h1 className="text-2xl font-semibold">{title}</h1>
      {description && <p className="mt-1 text-muted">{description}</p>}
    </header>
  );
}
