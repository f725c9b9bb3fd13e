"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavLink = { label: string; href: string };
export type NavSection = { heading: string; links: (NavLink & { children?: NavLink[] })[] };

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The admin center's left navigation; the current environment's pages are expanded. */
export function LeftNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  const linkClass = (active: boolean) =>
    `block rounded-control px-3 py-1.5 hover:bg-surface-alt ${active ? "bg-brand-subtle font-semibold text-brand" : ""}`;
  return (
    <nav aria-label="Main" className="w-60 shrink-0 border-r border-line bg-surface px-2 py-4 text-sm">
      {sections.map((section) => (
        <div key={section.heading} className="mb-4">
          <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-muted">{section.heading}</p>
          <ul>
            {section.links.map((link) => {
              const inside = isCurrent(pathname, link.href);
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    className={linkClass(pathname === link.href)}
                    aria-current={pathname === link.href ? "page" : undefined}
                  >
                    {link.label}
                  </Link>
                  {inside && link.children && (
                    <ul className="ml-3 border-l border-line pl-2">
                      {link.children.map((child) => (
                        <li key={child.href}>
                          <Link
                            href={child.href}
                            className={linkClass(isCurrent(pathname, child.href))}
                            aria-current={isCurrent(pathname, child.href) ? "page" : undefined}
                          >
                            {child.label}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
