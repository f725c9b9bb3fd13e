import type { ReactNode } from "react";

/** The row of commands above a grid or form. */
export function CommandBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      role="toolbar"
      aria-label={label}
      className="mb-3 flex flex-wrap items-center gap-2 rounded-card bg-surface px-2 py-1.5 shadow-card"
    >
      {children}
    </div>
  );
}
