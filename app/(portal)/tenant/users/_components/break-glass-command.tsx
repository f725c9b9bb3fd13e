"use client";

import { Button } from "@/components/ui/button";
import { Refusal } from "@/components/ui/refusal";
import { setBreakGlassAction } from "../actions";
import { breakGlassLabel } from "./labels";
import {
  CommandPanel,
  submitKeepingValues,
  usePanelAction,
  type PanelControls,
  type Unavailable,
} from "./command-panel";

type Props = { userId: number; version: number; displayName: string; isBreakGlass: boolean };

/** Mark as break-glass / Clear break-glass, with a confirm step in a side panel. */
export function BreakGlassCommand({ unavailable, ...props }: Props & { unavailable: Unavailable }) {
  const label = breakGlassLabel(props.isBreakGlass);
  return (
    <CommandPanel label={label} title={label} unavailable={unavailable}>
      {(controls) => <ConfirmForm {...props} {...controls} />}
    </CommandPanel>
  );
}

function ConfirmForm({ userId, version, displayName, isBreakGlass, finish, close }: Props & PanelControls) {
  const [state, dispatch, isPending] = usePanelAction(setBreakGlassAction, finish);

  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4">
      {state.status !== "idle" && state.status !== "done" && (
        <Refusal title="Break-glass not changed" code={state.code} reason={state.reason} message={state.message} />
      )}
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="isBreakGlass" value={String(!isBreakGlass)} />
      <p>
        {isBreakGlass
          ? `${displayName} will no longer be able to sign in with a password while local sign-in is off.`
          : `${displayName} will be able to sign in with their portal password even while local sign-in is off (MAILGATE_LOCAL_SIGNIN=off), for when single sign-on is unavailable. Keep the password long, secret and offline.`}
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Saving…" : isBreakGlass ? "Clear" : "Mark"}
        </Button>
        <Button onClick={close}>Cancel</Button>
      </div>
    </form>
  );
}
