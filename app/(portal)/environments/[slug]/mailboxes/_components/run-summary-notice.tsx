"use client";

import { Notice } from "@/components/ui/notice";

/** What a finished command did, kept on the page after its results dialog closed. */
export type RunSummary = { title: string; text: string };

/** The last run's summary; it stays until the admin dismisses it (or runs another command). */
export function RunSummaryNotice({ summary, onDismiss }: { summary: RunSummary; onDismiss: () => void }) {
  return (
    <div className="mb-3">
      <Notice tone="info" title={`${summary.title} finished`}>
        <span className="flex flex-wrap items-center justify-between gap-2">
          <span>{summary.text}</span>
          <button type="button" className="font-semibold text-brand hover:underline" onClick={onDismiss}>
            Dismiss
          </button>
        </span>
      </Notice>
    </div>
  );
}
