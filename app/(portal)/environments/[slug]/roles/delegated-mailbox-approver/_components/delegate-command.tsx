"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Field } from "@/components/ui/field";
import { CheckboxField, SelectField, TextAreaField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import { delegateAction } from "../actions";

type Candidate = { id: number; name: string; email: string; hasSystemAdministrator: boolean };
type Props = {
  environmentId: number;
  slug: string;
  refusal: { code: string | null; reason: string | null; message: string } | null;
  candidates: Candidate[];
  sysAdminRefusal: string | null;
};

/** The command bar's Delegate, and its panel: who, why, until when, and System Administrator if they lack it. */
export function DelegateCommand({ environmentId, slug, refusal, candidates, sysAdminRefusal }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [chosenId, setChosenId] = useState<number | null>(null);
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await delegateAction(previous, formData);
    if (next.status === "done") setIsOpen(false);
    return next;
  }, IDLE);
  const chosen = candidates.find((c) => c.id === chosenId) ?? null;

  return (
    <>
      <CommandBar label="Delegation commands">
        <Button variant="subtle" disabled={refusal !== null} title={refusal?.message} onClick={() => setIsOpen(true)}>
          Delegate
        </Button>
      </CommandBar>
      {refusal && (
        <div className="mb-3">
          <Notice tone="info" title="Why you cannot delegate">
            {refusal.message}{" "}
            <span className="font-mono text-xs">
              ({refusal.code} · {refusal.reason})
            </span>
          </Notice>
        </div>
      )}
      {state.status === "done" && !isOpen && (
        <div className="mb-3">
          <Notice tone="success" title="Delegated">
            {state.message}
          </Notice>
        </div>
      )}
      <SidePanel title="Delegate Delegated Mailbox Approver" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <form action={formAction} className="space-y-3">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="environmentId" value={environmentId} />
          {state.status === "refused" && (
            <Refusal title="Not delegated" code={state.code} reason={state.reason} message={state.message} />
          )}
          <SelectField
            label="User"
            name="environmentUserId"
            value={chosenId ?? ""}
            onChange={(e) => setChosenId(Number(e.target.value) || null)}
            error={state.fieldErrors?.environmentUserId}
          >
            <option value="">Choose a user…</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.email})
              </option>
            ))}
          </SelectField>
          {chosen && !chosen.hasSystemAdministrator && (
            <Notice tone="warning" title="Not a System Administrator">
              <p>
                {chosen.name} does not hold System Administrator in this environment, so they cannot approve mailboxes
                yet.
              </p>
              {sysAdminRefusal ? (
                <p className="mt-1">You cannot assign System Administrator here: {sysAdminRefusal}</p>
              ) : (
                <CheckboxField name="alsoSystemAdministrator" label="Also assign System Administrator" defaultChecked />
              )}
            </Notice>
          )}
          <TextAreaField
            label="Justification"
            name="justification"
            required
            error={state.fieldErrors?.justification}
            hint="Why this person may approve mailboxes. Kept in the audit log."
          />
          <Field
            label="End date and time (UTC, optional)"
            name="endsAt"
            type="datetime-local"
            step={1}
            error={state.fieldErrors?.endsAt}
            hint="Leave empty for no end date. From this instant the role grants nothing."
          />
          <button
            type="submit"
            disabled={isPending}
            className="rounded-control bg-brand px-3 py-1.5 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
          >
            {isPending ? "Delegating…" : "Delegate"}
          </button>
        </form>
      </SidePanel>
    </>
  );
}
