import Link from "@/components/ui/link";
import { outcomeRow, ResultsTable } from "@/components/ui/results-table";
import type { RowOutcome } from "@/lib/services/mailboxes/approvals";

const RESULT: Record<RowOutcome["outcome"], string> = {
  changed: "Changed",
  unchanged: "Unchanged",
  refused: "Refused",
};

/** "12 approved, 3 unchanged, 1 refused.": the run's summary, in the dialog and in the notice that stays after it. */
export function approvalSummary(results: RowOutcome[], doneWord: string): string {
  const n = (o: RowOutcome["outcome"]) => results.filter((r) => r.outcome === o).length;
  return `${n("changed")} ${doneWord}, ${n("unchanged")} unchanged, ${n("refused")} refused.`;
}

/**
 * An immediate run's rows. A row refused because it changed since the admin loaded it offers
 * Reload (the grid read again, same view and search), not the approval explainer: nothing about
 * who may approve it was wrong.
 */
export function ApprovalResults({
  slug,
  results,
  doneWord,
  onReload,
}: {
  slug: string;
  results: RowOutcome[];
  doneWord: string;
  onReload: () => void;
}) {
  return (
    <>
      <p data-testid="run-summary">{approvalSummary(results, doneWord)}</p>
      <ResultsTable
        subject="Mailbox"
        detail="Reason"
        rows={results.map((r) =>
          outcomeRow(
            r,
            RESULT,
            <>
              {r.message}
              {r.outcome === "refused" && r.reason === "STALE_VERSION" && (
                <>
                  {" "}
                  <button type="button" className="font-semibold text-brand hover:underline" onClick={onReload}>
                    Reload
                  </button>
                </>
              )}
              {r.outcome === "refused" && r.reason !== "STALE_VERSION" && r.code !== "NOT_FOUND" && (
                <>
                  {" "}
                  <Link className="text-brand hover:underline" href={`/environments/${slug}/mailboxes/${r.id}#why`}>
                    Why?
                  </Link>
                </>
              )}
            </>,
          ),
        )}
      />
    </>
  );
}
