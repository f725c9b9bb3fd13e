"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { CheckboxField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { createDirectoryUserAction } from "../actions";
import { CommandPanel, submitKeepingValues, type Unavailable } from "./command-panel";

export function NewUserCommand({ unavailable }: { unavailable: Unavailable }) {
  return (
    <CommandPanel label="New user" title="New user" unavailable={unavailable}>
      {() => <NewUserForm />}
    </CommandPanel>
  );
}

// On success the action redirects to the new user's page, so there is no "done" state to show.
function NewUserForm() {
  const [state, dispatch, isPending] = useActionState(createDirectoryUserAction, IDLE);
  const errors = state.fieldErrors ?? {};
  return (
    <form onSubmit={submitKeepingValues(dispatch)} className="space-y-4" noValidate>
      {state.status === "refused" && (
        <Refusal title="User not created" code={state.code} reason={state.reason} message={state.message} />
      )}
      <Field label="Display name" name="displayName" required autoComplete="off" error={errors.displayName} />
      <Field
        label="User principal name (email)"
        name="upn"
        type="email"
        required
        autoComplete="off"
        hint="The address the user signs in with."
        error={errors.upn}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password}
      />
      <CheckboxField
        label="Licensed Exchange mailbox"
        name="hasLicensedMailbox"
        defaultChecked
        note="Unchecked: the user has no Exchange mailbox yet."
      />
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Creating…" : "Create"}
      </Button>
    </form>
  );
}
