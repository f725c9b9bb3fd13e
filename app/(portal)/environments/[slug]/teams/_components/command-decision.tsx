import type { Decision } from "@/lib/policy/decision";

/** What a command needs from the rules' answer: whether it is open and, if not, why. */
export type CommandDecision = Pick<Decision, "allowed" | "code" | "reason" | "message">;

export const toCommandDecision = ({ allowed, code, reason, message }: Decision): CommandDecision => ({
  allowed,
  code,
  reason,
  message,
});

/** The visible half of a disabled command's reason (the other half is the button's title). */
export function CommandNote({ id, command, decision }: { id: string; command: string; decision: CommandDecision }) {
  return (
    <p id={id} className="text-sm text-muted">
      <span className="font-semibold text-ink">{command}:</span> {decision.message}{" "}
      {decision.code && (
        <span className="font-mono text-xs">
          (Error {decision.code}
          {decision.reason && ` · Reason ${decision.reason}`})
        </span>
      )}
    </p>
  );
}
