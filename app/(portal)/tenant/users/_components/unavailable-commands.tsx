import { Notice } from "@/components/ui/notice";
import type { Decision } from "@/lib/policy/decision";

export type CommandCheck = { command: string; noteId: string; decision: Decision };

/** The visible half of a disabled command's explanation (the tooltip is the other). */
export function UnavailableCommands({ checks }: { checks: CommandCheck[] }) {
  const refused = checks.filter((c) => !c.decision.allowed);
  if (refused.length === 0) return null;
  return (
    <div className="mb-4">
      <Notice tone="neutral" title="Some commands are unavailable">
        <ul className="space-y-1">
          {refused.map(({ command, noteId, decision }) => (
            <li key={noteId} id={noteId}>
              <span className="font-semibold">{command}:</span> {decision.message}{" "}
              <span className="font-mono text-xs">({decision.reason})</span>
            </li>
          ))}
        </ul>
      </Notice>
    </div>
  );
}

export const unavailable = (check: CommandCheck) =>
  check.decision.allowed ? null : { message: check.decision.message, noteId: check.noteId };
