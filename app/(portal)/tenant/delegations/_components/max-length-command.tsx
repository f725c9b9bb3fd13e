"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import { setMaxDelegationDaysAction } from "../actions";

/** The tenant setting "Maximum delegation length": Global Administrators change it; others see it and why not. */
export function MaxLengthCommand({
  maxDays,
  version,
  refusal,
}: {
  maxDays: number | null;
  version: number;
  refusal: string | null;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await setMaxDelegationDaysAction(previous, formData);
    if (next.status === "done") setIsOpen(false);
    return next;
  }, IDLE);

  return (
    <>
      <Button disabled={refusal !== null} title={refusal ?? undefined} onClick={() => setIsOpen(true)}>
        Maximum delegation length
      </Button>
      {state.status === "done" && !isOpen && (
        <div className="basis-full">
          <Notice tone="success" title="Setting saved">
            {state.message}
          </Notice>
        </div>
      )}
      <SidePanel title="Maximum delegation length" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <form action={formAction} className="space-y-3">
          <input type="hidden" name="version" value={version} />
          {state.status === "refused" && (
            <Refusal title="Not saved" code={state.code} reason={state.reason} message={state.message} />
          )}
          <Field
            label="Maximum length (days)"
            name="maxDelegationDays"
            inputMode="numeric"
            defaultValue={maxDays ?? ""}
            error={state.fieldErrors?.maxDelegationDays}
            hint="New, extended and renewed delegations must end within this many days, so “no end date” is no longer possible. Leave empty for no maximum. Existing delegations keep their end dates."
          />
          <Button type="submit" variant="primary" disabled={isPending}>
            {isPending ? "Saving…" : "Save"}
          </Button>
        </form>
      </SidePanel>
    </>
  );
}
