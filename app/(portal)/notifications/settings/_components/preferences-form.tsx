"use client";

import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { IDLE } from "@/lib/action-state";
import type { EmailPreference } from "@/lib/services/notifications";
import { saveEmailPreferencesAction } from "../actions";

/** One checkbox per kind of notification: checked means it also comes by email. */
export function PreferencesForm({ preferences }: { preferences: EmailPreference[] }) {
  const [state, dispatch, isPending] = useActionState(saveEmailPreferencesAction, IDLE);
  return (
    <form action={dispatch} className="space-y-3">
      <fieldset>
        <legend className="sr-only">Email me about</legend>
        {preferences.map((p) => (
          <div key={p.kind}>
            <input type="hidden" name="shown" value={p.kind} />
            <CheckboxField name="emailOn" value={p.kind} label={p.label} defaultChecked={p.isEmailOn} />
          </div>
        ))}
      </fieldset>
      {state.status === "done" && (
        <Notice tone="success" title="Preferences saved">
          {state.message}
        </Notice>
      )}
      {state.status === "invalid" && (
        <Notice tone="danger" title="Preferences not saved">
          {state.message}
        </Notice>
      )}
      <button type="submit" disabled={isPending} className={buttonClass("primary")}>
        {isPending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
