"use client";

import Link from "@/components/ui/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { EnvironmentPage } from "@/lib/policy/access";
import { switchTarget } from "./switch-target";

export type SwitchableEnvironment = { slug: string; name: string; pages: EnvironmentPage[] };

/**
 * The header's environment switcher: a button naming the current environment that opens a list of
 * links to the same page in each environment (switchTarget). It changes environment only when a
 * link is chosen, never while moving through the choices (WCAG 3.2.2). Escape closes it and puts
 * focus back on the button; arrow keys move between the links.
 */
export function EnvironmentSwitcher({ environments }: { environments: SwitchableEnvironment[] }) {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [isOpen, setIsOpen] = useState(false);
  const listId = useId();
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const slug = /^\/environments\/([^/]+)/.exec(pathname)?.[1] ?? null;
  const current = environments.find((e) => e.slug === slug) ?? null;

  useEffect(() => {
    if (!isOpen) return;
    const onClick = (e: MouseEvent) => !container.current?.contains(e.target as Node) && setIsOpen(false);
    document.addEventListener("mousedown", onClick);
    return () => document.removeEventListener("mousedown", onClick);
  }, [isOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape" && isOpen) {
      setIsOpen(false);
      button.current?.focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = [...(container.current?.querySelectorAll<HTMLAnchorElement>("a") ?? [])];
    if (links.length === 0) return;
    e.preventDefault();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = e.key === "ArrowDown" ? (at + 1) % links.length : (at - 1 + links.length) % links.length;
    links[at === -1 && e.key === "ArrowUp" ? links.length - 1 : next]?.focus();
  };

  return (
    <div ref={container} className="relative" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        // The name holds the visible words in their order (WCAG 2.5.3 Label in Name).
        aria-label={`Environment, ${current?.name ?? "choose one"}`}
        aria-expanded={isOpen}
        aria-controls={listId}
        onClick={() => setIsOpen((open) => !open)}
        className="flex items-center gap-2 rounded-control border border-white/60 px-2 py-1 text-sm hover:bg-white/10"
      >
        <span>Environment</span> <span className="font-semibold">{current?.name ?? "Choose one"}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {isOpen && (
        <ul
          id={listId}
          aria-label="Environments"
          className="absolute right-0 z-20 mt-2 w-64 rounded-card bg-surface p-2 text-ink shadow-card"
        >
          {environments.map((env) => (
            <li key={env.slug}>
              <Link
                href={switchTarget(pathname, search, env)}
                aria-current={env.slug === slug ? "true" : undefined}
                onClick={() => setIsOpen(false)}
                className="block rounded-control px-3 py-1.5 hover:bg-surface-alt aria-[current=true]:font-semibold"
              >
                {env.name}
                {env.slug === slug && <span className="sr-only"> (current)</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
