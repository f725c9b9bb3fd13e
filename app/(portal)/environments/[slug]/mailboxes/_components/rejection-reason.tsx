"use client";

import { SelectField, TextAreaField } from "@/components/ui/form-controls";
import { COMMON_REJECTION_REASONS, REJECTION_REASON_MAX } from "@/lib/policy/notifications";

/**
 * Reject Email's reason (DOMAIN §11): required, one for the whole selection, told to each owner.
 * Picking a common reason fills the text, which stays editable.
 */
export function RejectionReason({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const length = [...value.trim()].length;
  return (
    <div className="space-y-2">
      <SelectField
        label="Common reasons"
        value=""
        onChange={(e) => {
          if (e.target.value) onChange(e.target.value);
        }}
      >
        <option value="">Pick one to fill in the reason…</option>
        {COMMON_REJECTION_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {reason}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        label="Reason for rejecting"
        required
        maxLength={REJECTION_REASON_MAX}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        hint={`Required. Each mailbox's owner is told this reason, and it is kept on the mailbox and in the audit log. ${length}/${REJECTION_REASON_MAX} characters.`}
      />
    </div>
  );
}
