import Link from "@/components/ui/link";
import { ResultsTable } from "@/components/ui/results-table";
import type { CommandOutcome } from "@/lib/services/mailboxes/test-and-enable";

const LABELS: Record<CommandOutcome["outcome"], string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  "not-run": "Not run",
  changed: "Changed",
  unchanged: "Unchanged",
  refused: "Refused",
};

/** "3 succeeded, 1 failed, …": in the dialog, and in the notice that stays after it. */
export function commandSummary(results: CommandOutcome[], isTest: boolean): string {
  const n = (o: CommandOutcome["outcome"]) => results.filter((r) => r.outcome === o).length;
  if (isTest)
    return `${n("succeeded")} succeeded, ${n("failed")} failed, ${n("not-run")} not run, ${n("refused")} refused.`;
  return `${n("changed")} changed, ${n("unchanged")} unchanged, ${n("refused")} refused.`;
}

/** One line per mailbox: what happened, the alert codes it wrote, and for a refusal the code and reason. */
export function CommandResults({
  slug,
  results,
  isTest,
}: {
  slug: string;
  results: CommandOutcome[];
  isTest: boolean;
}) {
  return (
    <>
      <p data-testid="run-summary">{commandSummary(results, isTest)}</p>
      <ResultsTable
        subject="Mailbox"
        detail="Details"
        rows={results.map((r) => ({
          id: r.id,
          subject:
            r.code === "NOT_FOUND" ? (
              r.name
            ) : (
              <Link className="text-brand hover:underline" href={`/environments/${slug}/mailboxes/${r.id}`}>
                {r.name}
              </Link>
            ),
          result: LABELS[r.outcome],
          isProblem: r.outcome === "failed" || r.outcome === "refused",
          detail: (
            <>
              {r.message}
              {r.outcome === "refused" && (r.code || r.reason) && (
                <span className="ml-1 font-mono text-xs">
                  ({[r.code && `Error ${r.code}`, r.reason && `Reason ${r.reason}`].filter(Boolean).join(" · ")})
                </span>
              )}
              {isTest && r.alerts.length > 0 && (
                <ul aria-label="Alerts" className="mt-1 font-mono text-xs text-muted">
                  {r.alerts.map((code) => (
                    <li key={code}>{code}</li>
                  ))}
                </ul>
              )}
            </>
          ),
        }))}
      />
    </>
  );
}
