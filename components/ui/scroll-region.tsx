import type { ReactNode } from "react";

/**
 * The box a wide table scrolls in. It is a tab stop with a name, so a keyboard user can scroll it
 * with the arrow keys and a screen reader says what it holds (WCAG 2.1.1, axe scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} className="overflow-x-auto rounded-card bg-surface shadow-card">
      {children}
    </div>
  );
}
