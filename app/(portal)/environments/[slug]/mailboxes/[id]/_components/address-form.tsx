"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { ResultFocus } from "@/components/ui/result-focus";
import { IDLE } from "@/lib/action-state";
import { changeAddressAction } from "../actions";

/** The editable email address; saving it sends the mailbox back to Pending Approval. */
export function AddressForm({
  slug,
  environmentId,
  mailboxId,
  version,
  emailAddress,
  refusal,
}: {
  slug: string;
  environmentId: number;
  mailboxId: number;
  version: number;
  emailAddress: string;
  refusal: string | null;
}) {
  const [state, formAction, isPending] = useActionState(changeAddressAction, IDLE);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="environmentId" value={environmentId} />
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <input type="hidden" name="version" value={version} />
      <Field
        key={`${version}-${emailAddress}`}
        label="Email address"
        name="emailAddress"
        type="email"
        defaultValue={emailAddress}
        disabled={refusal !== null}
        error={state.fieldErrors?.emailAddress}
        hint={refusal ?? "Changing it needs approval again before mail syncs."}
      />
      {refusal === null && (
        <button
          type="submit"
          disabled={isPending}
          className="rounded-control border border-line px-3 py-1.5 text-sm font-semibold hover:bg-surface-alt"
        >
          {isPending ? "Saving…" : "Save address"}
        </button>
      )}
      {(state.status === "done" || state.status === "refused") && (
        <ResultFocus result={state}>
          {state.status === "done" ? (
            <Notice tone="success" title="Address saved">
              {state.message}
            </Notice>
          ) : (
            <Refusal title="Address not changed" code={state.code} reason={state.reason} message={state.message} />
          )}
        </ResultFocus>
      )}
    </form>
  );
}
