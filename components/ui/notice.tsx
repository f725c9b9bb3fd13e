import type { ReactNode } from "react";
import type { Tone } from "./badge";

const TONES: Record<Tone, string> = {
  neutral: "border-line bg-surface-alt",
  success: "border-success bg-success-subtle",
  warning: "border-warning bg-warning-subtle",
  danger: "border-danger bg-danger-subtle",
  info: "border-info bg-info-subtle",
};

/**
 * A message bar. `title` doubles as its accessible name, so tests and screen readers can tell it
 * apart from Next's own route announcer (which also has role="alert").
 */
export function Notice({
  tone = "info",
  title,
  children,
  live = false,
}: {
  tone?: Tone;
  title: string;
  children?: ReactNode;
  live?: boolean;
}) {
  return (
    <div
      role={live ? "alert" : "status"}
      aria-label={title}
      className={`rounded-control border-l-4 px-4 py-3 ${TONES[tone]}`}
    >
      <p className="font-semibold">{title}</p>
      {children && <div className="mt-1 text-sm">{children}</div>}
    </div>
  );
}
