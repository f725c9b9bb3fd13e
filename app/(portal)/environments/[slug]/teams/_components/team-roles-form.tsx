"use client";

import { Button } from "@/components/ui/button";
import { CheckboxField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { ResultFocus } from "@/components/ui/result-focus";
import { saveTeamRolesAction } from "../actions";
import { TeamFields, type TeamRef } from "./team-fields";
import { useFormAction } from "./use-form-action";

export type TeamRoleOption = { id: number; name: string; isHeld: boolean; note?: string };

/** One checkbox per assignable role; saving replaces the team's roles. */
export function TeamRolesForm({
  team,
  roles,
  onDone,
  onCancel,
}: {
  team: TeamRef;
  roles: TeamRoleOption[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { state, isPending, onSubmit } = useFormAction(saveTeamRolesAction, onDone);
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <TeamFields team={team} />
      {state.status !== "idle" && state.status !== "done" && (
        <ResultFocus result={state}>
          <Refusal title="Team roles not saved" code={state.code} reason={state.reason} message={state.message} />
        </ResultFocus>
      )}
      <fieldset>
        <legend className="mb-2 text-sm font-semibold">Security roles</legend>
        {roles.map((role) => (
          <CheckboxField
            key={role.id}
            name="roleIds"
            value={role.id}
            label={role.name}
            note={role.note}
            defaultChecked={role.isHeld}
          />
        ))}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending}>
          {isPending ? "Saving…" : "Save"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
