import { useId, type InputHTMLAttributes } from "react";
import { Described, describedBy } from "./form-controls";

/** A labelled text input with its error right under it. */
export function Field({
  label,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`w-full rounded-control border bg-surface px-2.5 py-1.5 text-ink ${error ? "border-danger" : "border-line"}`}
      />
    </Described>
  );
}
