import type { ReactNode } from "react";

/** One row of a command's results: what it concerned, what happened, and why or what else to know. */
export type ResultRow = { id: number; subject: ReactNode; result: string; isProblem: boolean; detail: ReactNode };

type Outcome = "changed" | "unchanged" | "refused";

/**
 * A row a command decided (changed, unchanged or refused) as one results line: `words` names its
 * outcomes in the command's terms ("Changed", "Assigned"), a refusal is a problem.
 */
export function outcomeRow(
  row: { id: number; name: string; outcome: Outcome },
  words: Record<Outcome, string>,
  detail: ReactNode,
): ResultRow {
  return { id: row.id, subject: row.name, result: words[row.outcome], isProblem: row.outcome === "refused", detail };
}

/**
 * The per-row results every bulk command shows after it ran (Approve/Reject, Test & Enable and the
 * other grid commands, Assign role): one line per row, problems in the danger colour.
 */
export function ResultsTable({
  label = "Results",
  subject,
  detail,
  rows,
}: {
  label?: string;
  subject: string;
  detail: string;
  rows: ResultRow[];
}) {
  return (
    <table aria-label={label} className="w-full text-left text-sm">
      <thead>
        <tr className="border-b border-line">
          <th className="py-1 pr-2">{subject}</th>
          <th className="py-1 pr-2">Result</th>
          <th className="py-1">{detail}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className="border-b border-line align-top last:border-0">
            <td className="py-1 pr-2">{r.subject}</td>
            <td className={`py-1 pr-2 ${r.isProblem ? "text-danger" : ""}`}>{r.result}</td>
            <td className="py-1">{r.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
