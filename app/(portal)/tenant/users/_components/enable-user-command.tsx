"use client";

import { Button } from "@/components/ui/button";
import { Refusal } from "@/components/ui/refusal";
import { setDirectoryUserEnabledAction } from "../actions";
import {
  CommandPanel,
  submitKeepingValues,
  usePanelAction,
  type PanelControls,
  type Unavailable,
} from "./command-panel";

type Props = { userId: number; version: number; displayName: string; isEnabled: boolean };

/** Disable user / Enable user, with a confirm step in a side panel. */
export function EnableUserCommand({ unavailable, ...props }: Props & { unavailable: Unavailable }) {
  const label = props.isEnabled ? "Disable user" : "Enable user";
  return (
    <CommandPanel label={label} title={label} unavailable={unavailable}>
      {(controls) => <ConfirmForm {...props} {...controls} />}
    </CommandPanel>
  );
}

function ConfirmForm({ userId, version, displayName, isEnabled, finish, close }: Props & PanelControls) {
  const [state, dispatch, isPending] = usePanelAction(setDirectoryUserEnabledAction, finish);
  const verb = isEnabled ? "Disable" : "Enable";

  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4">
      {state.status !== "idle" && state.status !== "done" && (
        <Refusal
          title={isEnabled ? "User not disabled" : "User not enabled"}
          code={state.code}
          reason={state.reason}
          message={state.message}
        />
      )}
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="isEnabled" value={String(!isEnabled)} />
      <p>
        {isEnabled
          ? `${displayName} will no longer be able to sign in, and is signed out of the portal at their next request. Their roles and environment memberships stay as they are.`
          : `${displayName} will be able to sign in again, with the roles they already hold.`}
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? `${verb === "Disable" ? "Disabling" : "Enabling"}…` : verb}
        </Button>
        <Button onClick={close}>Cancel</Button>
      </div>
    </form>
  );
}
