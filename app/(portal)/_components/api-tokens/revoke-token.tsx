"use client";

import { useActionState, useState } from "react";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { revokeApiTokenAction } from "./actions";

/** Revoke, after a confirmation naming the token; scripts using it are refused from the next request on. */
export function RevokeToken({ tokenId, name }: { tokenId: number; name: string }) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [state, formAction, isPending] = useActionState(revokeApiTokenAction, IDLE);
  if (!isConfirming)
    return (
      <button
        type="button"
        aria-label={`Revoke ${name}`}
        onClick={() => setIsConfirming(true)}
        className="rounded-control border border-line px-2 py-1 text-sm font-semibold hover:bg-surface-alt"
      >
        Revoke
      </button>
    );
  return (
    <form action={formAction} className="flex flex-col gap-1">
      <input type="hidden" name="tokenId" value={tokenId} />
      {state.status === "refused" && (
        <Refusal title="Not revoked" code={state.code} reason={state.reason} message={state.message} />
      )}
      <span className="text-sm">Revoke {name}? Scripts using it stop working.</span>
      <span className="flex gap-1">
        <button
          type="submit"
          disabled={isPending}
          aria-label={`Confirm revoking ${name}`}
          className="rounded-control bg-brand px-2 py-1 text-sm font-semibold text-brand-fg"
        >
          Revoke
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
