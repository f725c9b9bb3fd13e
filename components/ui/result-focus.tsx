"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * Holds the notice a form's result leaves and moves focus to it each time a new result arrives:
 * the submit button is disabled while saving, which drops focus to the page, so keyboard and
 * screen-reader users would otherwise start over from the top (WCAG 2.4.3). A dialog that closes
 * with no opener left falls back to it too (use-modal.ts).
 */
export function ResultFocus({ result, children }: { result: unknown; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [result]);
  return (
    <div ref={box} tabIndex={-1} data-result-notice>
      {children}
    </div>
  );
}
