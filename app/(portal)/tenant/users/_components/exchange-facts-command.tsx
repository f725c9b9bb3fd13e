"use client";

import { Button } from "@/components/ui/button";
import { CheckboxField, SelectField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import type { ExchangeFacts } from "@/lib/services/directory/users";
import { setExchangeFactsAction } from "../actions";
import {
  CommandPanel,
  submitKeepingValues,
  usePanelAction,
  type PanelControls,
  type Unavailable,
} from "./command-panel";

type Props = { userId: number; version: number; exchange: ExchangeFacts };

export function ExchangeFactsCommand({ unavailable, ...props }: Props & { unavailable: Unavailable }) {
  return (
    <CommandPanel label="Edit Exchange facts" title="Edit Exchange facts" unavailable={unavailable}>
      {(controls) => <ExchangeFactsForm {...props} {...controls} />}
    </CommandPanel>
  );
}

function ExchangeFactsForm({ userId, version, exchange, finish }: Props & PanelControls) {
  const [state, dispatch, isPending] = usePanelAction(setExchangeFactsAction, finish);

  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4">
      {state.status !== "idle" && state.status !== "done" && (
        <Refusal title="Exchange facts not saved" code={state.code} reason={state.reason} message={state.message} />
      )}
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="version" value={version} />
      <SelectField
        label="Mailbox kind"
        name="kind"
        defaultValue={exchange.kind}
        hint="What Exchange Online has at this user's address."
      >
        <option value="user">User mailbox</option>
        <option value="shared">Shared mailbox</option>
        <option value="none">No mailbox</option>
      </SelectField>
      <CheckboxField
        label="Licensed"
        name="isLicensed"
        defaultChecked={exchange.isLicensed}
        note="Test & Enable needs a licensed mailbox, or a shared one."
      />
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
