import { Notice } from "./notice";

/**
 * A refusal by the rules, shown one way everywhere: the code, a plain sentence, and the failing
 * condition. `title` is the accessible name tests and screen readers find it by.
 */
export function Refusal({
  title = "Refused",
  code,
  reason,
  message,
}: {
  title?: string;
  code?: string | null;
  reason?: string | null;
  message?: string;
}) {
  return (
    <Notice tone="danger" title={title} live>
      <p>{message}</p>
      {(code || reason) && (
        <p className="mt-1 font-mono text-xs">
          {code && <span>Error {code}</span>}
          {code && reason && <span> · </span>}
          {reason && <span>Reason {reason}</span>}
        </p>
      )}
    </Notice>
  );
}
