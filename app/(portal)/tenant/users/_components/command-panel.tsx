"use client";

import { startTransition, useActionState, useState, type FormEvent, type ReactNode } from "react";
import { announce } from "@/components/ui/announce";
import { Button } from "@/components/ui/button";
import { SidePanel } from "@/components/ui/side-panel";
import { IDLE, type ActionState } from "@/lib/action-state";

/** Why a command is unavailable: the policy's sentence, and the id of the visible note saying so. */
export type Unavailable = { message: string; noteId: string } | null;

export type PanelControls = { finish: (message: string) => void; close: () => void };

/**
 * A command-bar button that opens a side panel. Disabled commands keep their reason in the
 * tooltip and point at the visible note. On success the panel closes and a short status stays
 * (said once through the page's live region).
 */
export function CommandPanel({
  label,
  title,
  unavailable,
  children,
}: {
  label: string;
  title: string;
  unavailable: Unavailable;
  children: (controls: PanelControls) => ReactNode;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [doneMessage, setDoneMessage] = useState<string | null>(null);
  const close = () => setIsOpen(false);
  const finish = (message: string) => {
    setIsOpen(false);
    setDoneMessage(message);
    announce(message);
  };

  return (
    <>
      <Button
        disabled={unavailable !== null}
        title={unavailable?.message}
        aria-describedby={unavailable?.noteId}
        onClick={() => {
          setDoneMessage(null);
          setIsOpen(true);
        }}
      >
        {label}
      </Button>
      {doneMessage && (
        <span data-testid={`${label}: result`} className="text-sm font-semibold text-success">
          {doneMessage}
        </span>
      )}
      <SidePanel title={title} isOpen={isOpen} onClose={close}>
        {children({ finish, close })}
      </SidePanel>
    </>
  );
}

/**
 * Submits through the action without React's automatic form reset, so a refused or invalid
 * form keeps what the admin chose.
 */
export function submitKeepingValues(dispatch: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
}

/**
 * A panel form's action state: runs the action and, once it is done, closes the panel with its
 * message (or `done`), leaving refusals in the form.
 */
export function usePanelAction(
  action: (previous: ActionState, data: FormData) => Promise<ActionState>,
  finish: PanelControls["finish"],
  done = "Saved.",
) {
  return useActionState(async (previous: ActionState, data: FormData) => {
    const next = await action(previous, data);
    if (next.status === "done") finish(next.message ?? done);
    return next;
  }, IDLE);
}
