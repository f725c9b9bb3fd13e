import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

const CONTROL = "w-full rounded-control border bg-surface px-2.5 py-1.5 text-ink";

export function Described({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-semibold">
        {label}
      </label>
      {children}
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}

/** A field's hint and error under it, with the ids describedBy points the control at. */
export function FieldNotes({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-danger">
          {error}
        </p>
      )}
    </>
  );
}

export const describedBy = (id: string, error?: string, hint?: ReactNode) =>
  [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;

export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <select
        id={id}
        {...select}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${CONTROL} ${error ? "border-danger" : "border-line"}`}
      >
        {children}
      </select>
    </Described>
  );
}

export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <Described id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        rows={3}
        {...textarea}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`${CONTROL} ${error ? "border-danger" : "border-line"}`}
      />
    </Described>
  );
}

/** A checkbox with its label to the right and an optional note (e.g. why it is locked) under it. */
export function CheckboxField({
  label,
  note,
  ...input
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> & { label: string; note?: ReactNode }) {
  const id = useId();
  return (
    <div className="py-1">
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          {...input}
          aria-describedby={note ? `${id}-note` : undefined}
          className="h-4 w-4 accent-[var(--brand)]"
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {note && (
        <p id={`${id}-note`} className="ml-6 text-xs text-muted">
          {note}
        </p>
      )}
    </div>
  );
}
