"use client";

import { useActionState } from "react";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { addMeAsSystemAdministratorAction } from "../actions";

/** Self-elevation; people who may not are told why instead of seeing a dead button. */
export function AddMeCommand({
  environmentId,
  slug,
  refusal,
}: {
  environmentId: number;
  slug: string;
  refusal: { code: string | null; reason: string | null; message: string } | null;
}) {
  const [state, formAction, isPending] = useActionState(addMeAsSystemAdministratorAction, IDLE);
  return (
    <form action={formAction} className="mb-4 space-y-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="environmentId" value={environmentId} />
      <div className="flex items-center gap-3 rounded-card bg-surface px-3 py-2 shadow-card">
        <button
          type="submit"
          disabled={refusal !== null || isPending}
          title={refusal?.message}
          className="rounded-control border border-line px-3 py-1.5 font-semibold hover:bg-surface-alt disabled:opacity-50"
        >
          Add me as System Administrator
        </button>
        {refusal && (
          <span className="text-sm text-muted" data-testid="add-me-reason">
            {refusal.message}
          </span>
        )}
      </div>
      {state.status === "refused" && (
        <Refusal title="Not added" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "done" && (
        <Notice tone="success" title="Added as System Administrator">
          {state.message}
        </Notice>
      )}
    </form>
  );
}
