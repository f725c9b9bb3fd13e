"use client";

import { Button } from "@/components/ui/button";
import { Refusal } from "@/components/ui/refusal";
import { setApiTokensOnAction } from "../actions";
import {
  CommandPanel,
  submitKeepingValues,
  usePanelAction,
  type PanelControls,
  type Unavailable,
} from "./command-panel";

type Props = { isOn: boolean; version: number };

/** "Turn API tokens off" / "Turn API tokens on" for the whole tenant, with a confirm step. */
export function ApiTokensCommand({ unavailable, ...props }: Props & { unavailable: Unavailable }) {
  const label = props.isOn ? "Turn API tokens off" : "Turn API tokens on";
  return (
    <CommandPanel label={label} title={label} unavailable={unavailable}>
      {(controls) => <ConfirmForm {...props} {...controls} />}
    </CommandPanel>
  );
}

function ConfirmForm({ isOn, version, finish, close }: Props & PanelControls) {
  const [state, dispatch, isPending] = usePanelAction(setApiTokensOnAction, finish);

  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4">
      {state.status !== "idle" && state.status !== "done" && (
        <Refusal title="Setting not changed" code={state.code} reason={state.reason} message={state.message} />
      )}
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="isOn" value={String(!isOn)} />
      <p>
        {isOn
          ? "Every personal access token will be refused from the next request on, whoever owns it. Tokens are kept, and work again if you turn tokens back on before they expire."
          : "Personal access tokens that are neither revoked nor expired will work again, and people can create new ones."}
      </p>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Saving…" : isOn ? "Turn off" : "Turn on"}
        </Button>
        <Button onClick={close}>Cancel</Button>
      </div>
    </form>
  );
}
