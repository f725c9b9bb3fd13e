"use client";

import { useActionState, useState } from "react";
import { announce } from "@/components/ui/announce";
import { Button } from "@/components/ui/button";
import { CheckboxField, TextAreaField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import { changeTermsAction } from "./actions";
import { EndDateField } from "./end-date-field";

export type TermsTarget = {
  assignmentId: number;
  slug: string;
  holder: string;
  environmentName: string;
  /** ISO, or null for no end date (sent back as the expected value). */
  endsAt: string | null;
  /** The end as the viewer reads it, in their zone. */
  endsAtText: string | null;
  isExpired: boolean;
};

/**
 * A delegation's Extend (it has an end date), Set end date (it has none) or Renew (it expired):
 * a side panel asking for the new end date and a justification. Disabled, with the reason, for
 * those the rules refuse.
 */
export function TermsCommand({
  target,
  maxDays,
  refusal,
}: {
  target: TermsTarget;
  maxDays: number | null;
  refusal: string | null;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [noEndDate, setNoEndDate] = useState(false);
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await changeTermsAction(previous, formData);
    if (next.status === "done") {
      setIsOpen(false);
      announce(next.message ?? "Saved.");
    }
    return next;
  }, IDLE);
  const label = target.isExpired ? "Renew" : target.endsAt ? "Extend" : "Set end date";
  const limit = maxDays === null ? "" : `The tenant allows at most ${maxDays} days from now.`;

  return (
    <>
      <Button
        aria-label={`${label} for ${target.holder} in ${target.environmentName}`}
        disabled={refusal !== null}
        title={refusal ?? undefined}
        onClick={() => setIsOpen(true)}
      >
        {label}
      </Button>
      {state.status === "done" && !isOpen && <p className="mt-1 text-xs text-success">{state.message}</p>}
      <SidePanel title={`${label} delegation: ${target.holder}`} isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <form action={formAction} className="space-y-3">
          <input type="hidden" name="slug" value={target.slug} />
          <input type="hidden" name="assignmentId" value={target.assignmentId} />
          <input type="hidden" name="expectedEndsAt" value={target.endsAt ?? ""} />
          <p className="text-sm">
            Delegated Mailbox Approver in <strong>{target.environmentName}</strong>:{" "}
            {target.endsAtText ? `${target.isExpired ? "expired" : "ends"} ${target.endsAtText}` : "no end date"}.
          </p>
          {state.status === "refused" && (
            <Refusal title="Not changed" code={state.code} reason={state.reason} message={state.message} />
          )}
          {!noEndDate && (
            <EndDateField
              name="endsAt"
              isRequired
              error={state.fieldErrors?.endsAt}
              hint={
                target.isExpired
                  ? `Renewing restarts the delegation until this date. ${limit}`
                  : `A later date extends it, an earlier one shortens it. ${limit}`
              }
            />
          )}
          {maxDays === null && (
            <CheckboxField
              name="noEndDate"
              label="No end date"
              checked={noEndDate}
              onChange={(e) => setNoEndDate(e.target.checked)}
            />
          )}
          <TextAreaField
            label="Justification"
            name="justification"
            required
            error={state.fieldErrors?.justification}
            hint="Why this person keeps approving mailboxes. Kept in the audit log with the old and new end dates."
          />
          <Button type="submit" variant="primary" disabled={isPending}>
            {isPending ? "Saving…" : label}
          </Button>
        </form>
      </SidePanel>
    </>
  );
}
