"use client";

import { useActionState, useState } from "react";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { removeDelegationAction } from "./actions";

/** Remove, with a confirmation step; disabled with the reason for people who may not remove it. */
export function RemoveDelegation(props: {
  environmentId: number;
  slug: string;
  environmentUserId: number;
  roleId: number;
  holder: string;
  refusal: string | null;
}) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, formAction, isPending] = useActionState(removeDelegationAction, IDLE);
  const label = `Remove Delegated Mailbox Approver from ${props.holder}`;
  if (!isConfirming) {
    return (
      <button
        type="button"
        aria-label={label}
        title={props.refusal ?? undefined}
        disabled={props.refusal !== null}
        onClick={() => setIsConfirming(true)}
        className="rounded-control border border-line px-2 py-1 text-sm font-semibold hover:bg-surface-alt disabled:opacity-50"
      >
        Remove
      </button>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-1">
      {Object.entries({
        slug: props.slug,
        environmentId: props.environmentId,
        environmentUserId: props.environmentUserId,
        roleId: props.roleId,
      }).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {state.status === "refused" && (
        <Refusal title="Not removed" code={state.code} reason={state.reason} message={state.message} />
      )}
      <span className="text-sm">Remove the role from {props.holder}?</span>
      <span className="flex gap-1">
        <button
          type="submit"
          disabled={isPending}
          className="rounded-control bg-brand px-2 py-1 text-sm font-semibold text-brand-fg"
        >
          OK
        </button>
        <button
          type="button"
          onClick={() => setIsConfirming(false)}
          className="rounded-control border border-line px-2 py-1 text-sm"
        >
          Cancel
        </button>
      </span>
    </form>
  );
}
