import Link from "@/components/ui/link";
import { Notice } from "@/components/ui/notice";
import type { AuditVerdict } from "@/lib/services/audit";

/** The Verify integrity verdict: what was checked, each problem with its event, and how far the log can be trusted. */
export function VerifyResult({
  verdict,
  message,
  trusted,
}: {
  verdict: AuditVerdict;
  message: string;
  trusted: string;
}) {
  const scope = verdict.whole
    ? "Every event's keyed hash was recomputed"
    : `Events ${verdict.checkedFrom}–${verdict.head.seq} had their keyed hashes recomputed`;
  const notes = verdict.notes.length > 0 && (
    <ul className="mt-2 list-disc pl-5 text-muted">
      {verdict.notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
  if (verdict.intact) {
    return (
      <div className="mb-3">
        <Notice tone="success" title={message}>
          <p>{scope}; each links to the one before, and the log matches its signed checkpoints.</p>
          {notes}
        </Notice>
      </div>
    );
  }
  return (
    <div className="mb-3">
      <Notice tone="danger" title="Integrity check failed" live>
        <ul className="list-disc pl-5">
          {verdict.problems.map((p) => (
            <li key={`${p.kind}-${p.seq}`}>
              {p.message}{" "}
              {p.seq >= 1 && p.seq <= verdict.head.seq && (
                <Link href={`/audit?event=${p.seq}`} className="font-semibold text-brand hover:underline">
                  Open event {p.seq}
                </Link>
              )}
            </li>
          ))}
        </ul>
        <p className="mt-2 font-semibold">{trusted}</p>
        {notes}
      </Notice>
    </div>
  );
}
