"use client";

import { useId } from "react";
import type { PreCheck } from "@/lib/services/mailboxes/approvals";
import { changeSentence, needsTypedConfirmation, sampleLine, type MassOperation } from "@/lib/policy/mass-action";

/**
 * The pre-check in words that matter: each group of rows that will change, by what it is now
 * ("44 approved mailboxes will stop syncing"), with a few of its names; then what stays and what
 * is refused. The wording is lib/policy/mass-action.ts's.
 */
export function PrecheckSummary({
  operation,
  precheck,
  already,
}: {
  operation: MassOperation;
  precheck: PreCheck;
  already: string;
}) {
  return (
    <ul aria-label="Pre-check" className="space-y-2 text-sm">
      {precheck.changes.map((group) => (
        <li key={`${group.from}:${group.isSyncGated}`}>
          <p className="font-semibold">{changeSentence(operation, group)}</p>
          <p className="text-muted">{sampleLine(group)}</p>
        </li>
      ))}
      {precheck.willChange === 0 && <li>Nothing will change.</li>}
      {precheck.unchanged > 0 && (
        <li>
          {precheck.unchanged.toLocaleString("en-US")} {already}
        </li>
      )}
      {precheck.refused.map((r) => (
        <li key={r.reason} className="text-danger">
          {r.count.toLocaleString("en-US")} refused: {r.message} ({r.reason})
        </li>
      ))}
    </ul>
  );
}

/** Above 100 changes: the admin types the number before OK is enabled. */
export function TypedConfirmation({
  willChange,
  value,
  onChange,
}: {
  willChange: number;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  if (!needsTypedConfirmation(willChange)) return null;
  const count = willChange.toLocaleString("en-US");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold">
        Type {count} to confirm
      </label>
      <p id={`${id}-hint`} className="text-sm text-muted">
        {count} mailboxes will change. OK is available once the number matches.
      </p>
      <input
        id={id}
        aria-describedby={`${id}-hint`}
        inputMode="numeric"
        autoComplete="off"
        className="w-40 rounded-control border border-line bg-surface px-2 py-1"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
