"use client";

import { useId } from "react";

/**
 * A command-bar button. When the rules refuse it, it stays focusable (aria-disabled) and says why
 * on hover and on keyboard focus — a disabled button could not be focused to read the reason.
 * The tip is display:none until shown (not invisible), so it never widens a narrow page. Its styles
 * are in app/globals.css: a grid's command bar has seven of these (issue 20).
 */
export function CommandButton({
  label,
  disabledReason,
  onClick,
}: {
  label: string;
  disabledReason: string | null;
  onClick: () => void;
}) {
  const tipId = useId();
  const isDisabled = disabledReason !== null;
  return (
    <span className="command">
      <button
        type="button"
        aria-disabled={isDisabled || undefined}
        aria-describedby={isDisabled ? tipId : undefined}
        onClick={isDisabled ? undefined : onClick}
        className={`rounded-control px-3 py-1.5 text-sm font-semibold ${isDisabled ? "cursor-not-allowed text-muted opacity-60" : "hover:bg-surface-alt"}`}
      >
        {label}
      </button>
      {isDisabled && (
        <span id={tipId} role="tooltip" className="command-tip">
          {disabledReason}
        </span>
      )}
    </span>
  );
}
