"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { MAILBOX_COLUMN_LABELS, OPTIONAL_MAILBOX_COLUMNS, type MailboxColumn } from "@/lib/policy/mailbox-columns";
import { saveMailboxColumnsAction } from "../column-actions";

/**
 * The command bar's Columns menu: a checkbox per optional column. A change shows at once and is
 * kept for the person (their own preference, saved on the server), so it holds after a reload and
 * on any device; another person's grid is untouched. Escape or a click elsewhere closes it.
 */
export function ColumnChooser({
  hidden,
  onChange,
}: {
  hidden: readonly MailboxColumn[];
  onChange: (hidden: MailboxColumn[]) => void;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [status, setStatus] = useState("");
  const [, startTransition] = useTransition();
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setIsOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [isOpen]);

  const toggle = (column: MailboxColumn, isShown: boolean) => {
    const next = isShown ? hidden.filter((c) => c !== column) : [...hidden, column];
    onChange(next);
    setStatus("Saving…");
    startTransition(async () => {
      const result = await saveMailboxColumnsAction({ hidden: next });
      setStatus(result.status === "done" ? "Saved for you." : (result.message ?? "Not saved."));
    });
  };

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && isOpen) {
          setIsOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setIsOpen(!isOpen)}
        className="rounded-control px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt"
      >
        Columns
      </button>
      <div
        id={menuId}
        hidden={!isOpen}
        className="absolute right-0 z-30 mt-1 w-64 rounded-card border border-line bg-surface p-3 shadow-card"
      >
        <fieldset>
          <legend className="mb-2 text-sm font-semibold">Columns shown</legend>
          {OPTIONAL_MAILBOX_COLUMNS.map((column) => (
            <label key={column} className="flex items-center gap-2 py-1 text-sm">
              <input
                type="checkbox"
                className="h-4 w-4 accent-[var(--brand)]"
                checked={!hidden.includes(column)}
                onChange={(e) => toggle(column, e.target.checked)}
              />
              {MAILBOX_COLUMN_LABELS[column]}
            </label>
          ))}
          <p role="status" className="mt-2 text-xs text-muted">
            {status}
          </p>
        </fieldset>
      </div>
    </div>
  );
}
