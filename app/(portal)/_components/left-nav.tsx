"use client";

import Link from "@/components/ui/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent } from "react";

export type NavLink = { label: string; href: string };
export type NavSection = { heading: string; links: (NavLink & { children?: NavLink[] })[] };

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The admin center's left navigation; the current environment's pages are expanded. Below 1024 px
 * (a phone, or a laptop at 200% zoom) it collapses behind a Menu button, a disclosure as in the
 * Microsoft admin centers: Escape closes it and puts focus back on the button, a chosen link closes it.
 */
export function LeftNav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  const [isOpen, setIsOpen] = useState(false);
  const navId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const linkClass = (active: boolean) =>
    `block rounded-control px-3 py-1.5 hover:bg-surface-alt ${active ? "bg-brand-subtle font-semibold text-brand" : ""}`;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "Escape" || !isOpen) return;
    setIsOpen(false);
    button.current?.focus();
  };
  return (
    <div
      onKeyDown={onKeyDown}
      onClick={(e) => (e.target as HTMLElement).closest("a") && setIsOpen(false)}
      className="border-b border-line bg-surface lg:w-60 lg:shrink-0 lg:border-r lg:border-b-0"
    >
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls={navId}
        onClick={() => setIsOpen((open) => !open)}
        className="m-2 flex items-center gap-2 rounded-control px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt lg:hidden"
      >
        <span aria-hidden="true">☰</span>
        Menu
      </button>
      <nav id={navId} aria-label="Main" className={`${isOpen ? "block" : "hidden"} px-2 py-4 text-sm lg:block`}>
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
    </div>
  );
}
