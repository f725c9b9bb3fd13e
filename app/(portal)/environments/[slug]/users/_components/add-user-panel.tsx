"use client";

import { useActionState } from "react";
import { Refusal } from "@/components/ui/refusal";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";
import { addUserAction } from "../actions";
import { DirectoryUserSearch } from "./directory-user-search";

/** Whether the actor may add users here; if so, how many characters the directory search needs. */
export type AddUserOption = { searchMinLength: number } | { refusal: string };

/** "Add user": a directory user joins the environment (their mailbox starts pending approval). */
export function AddUserPanel({
  isOpen,
  onClose,
  environmentId,
  slug,
  searchMinLength,
}: {
  isOpen: boolean;
  onClose: () => void;
  environmentId: number;
  slug: string;
  searchMinLength: number;
}) {
  const [state, formAction, isPending] = useActionState(async (previous: ActionState, formData: FormData) => {
    const next = await addUserAction(previous, formData);
    if (next.status === "done") onClose();
    return next;
  }, IDLE);
  return (
    <SidePanel title="Add user" isOpen={isOpen} onClose={onClose}>
      <form action={formAction} className="space-y-3">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="environmentId" value={environmentId} />
        {state.status === "refused" && (
          <Refusal title="User not added" code={state.code} reason={state.reason} message={state.message} />
        )}
        <DirectoryUserSearch
          environmentId={environmentId}
          searchMinLength={searchMinLength}
          error={state.fieldErrors?.directoryUserId}
        />
        <button
          type="submit"
          disabled={isPending}
          className="rounded-control bg-brand px-3 py-1.5 font-semibold text-brand-fg hover:bg-brand-hover disabled:opacity-60"
        >
          {isPending ? "Adding…" : "Add"}
        </button>
      </form>
    </SidePanel>
  );
}
