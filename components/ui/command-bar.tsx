"use client";

import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";

const ITEMS = "button, a[href]";

/**
 * The row of commands above a grid or form: the toolbar pattern, one tab stop (roving tabindex)
 * with Left/Right/Home/End between its commands. The command last used keeps the stop, so a
 * dialog's focus return lands on a command Tab can reach. Other controls (a search box) keep theirs.
 */
export function CommandBar({ label, children }: { label: string; children: ReactNode }) {
  const bar = useRef<HTMLDivElement>(null);
  const items = () => [...(bar.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
  const makeCurrent = (target: HTMLElement | undefined) => {
    for (const item of items()) {
      item.tabIndex = item === target ? 0 : -1;
      item.toggleAttribute("data-toolbar-current", item === target);
    }
  };

  // After every render (commands come and go): exactly one command is in the tab order.
  useEffect(() => {
    const all = items();
    makeCurrent(all.find((item) => item.hasAttribute("data-toolbar-current")) ?? all[0]);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const at = all.indexOf(e.target as HTMLElement);
    if (at === -1) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = all[(to + all.length) % all.length]!;
    makeCurrent(next);
    next.focus();
  };

  return (
    <div
      ref={bar}
      role="toolbar"
      aria-label={label}
      onKeyDown={onKeyDown}
      onFocus={(e) => items().includes(e.target as HTMLElement) && makeCurrent(e.target as HTMLElement)}
      className="mb-3 flex flex-wrap items-center gap-2 rounded-card bg-surface px-2 py-1.5 shadow-card"
    >
      {children}
    </div>
  );
}
