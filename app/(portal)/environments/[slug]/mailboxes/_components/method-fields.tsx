"use client";

import { SelectField } from "@/components/ui/form-controls";
import { ACT_METHOD, INCOMING_METHOD, OUTGOING_METHOD } from "@/lib/policy/catalog";

export type MethodChoice = { incoming?: 0 | 1 | 2 | 3; outgoing?: 0 | 1 | 2; act?: 0 | 1 | 2 };

const FIELDS = [
  { key: "incoming", label: "Incoming email", options: INCOMING_METHOD },
  { key: "outgoing", label: "Outgoing email", options: OUTGOING_METHOD },
  { key: "act", label: "Appointments, contacts and tasks", options: ACT_METHOD },
] as const;

/** The three sync methods for Edit on many mailboxes; "Keep as is" leaves a method alone on each. */
export function MethodFields({ value, onChange }: { value: MethodChoice; onChange: (next: MethodChoice) => void }) {
  return (
    <div className="space-y-2">
      {FIELDS.map((f) => (
        <SelectField
          key={f.key}
          label={f.label}
          value={value[f.key] ?? ""}
          onChange={(e) => onChange({ ...value, [f.key]: e.target.value === "" ? undefined : Number(e.target.value) })}
        >
          <option value="">Keep as is</option>
          {Object.entries(f.options).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
      ))}
    </div>
  );
}
