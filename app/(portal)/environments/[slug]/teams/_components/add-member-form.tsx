"use client";

import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import { addTeamMemberAction } from "../actions";
import { TeamFields, type TeamRef } from "./team-fields";
import { useFormAction } from "./use-form-action";

export type AddableUser = { id: number; fullName: string; email: string };

export function AddMemberForm({
  team,
  users,
  onDone,
  onCancel,
}: {
  team: TeamRef;
  users: AddableUser[];
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { state, isPending, onSubmit } = useFormAction(addTeamMemberAction, onDone);
  const fieldError = state.fieldErrors?.environmentUserId;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <TeamFields team={team} />
      {state.status === "refused" && (
        <Refusal title="Member not added" code={state.code} reason={state.reason} message={state.message} />
      )}
      {state.status === "invalid" && !fieldError && <Refusal title="Member not added" message={state.message} />}
      {users.length === 0 ? (
        <p className="text-muted">Every enabled user of this environment is already a member.</p>
      ) : (
        <SelectField label="User" name="environmentUserId" defaultValue="" required error={fieldError}>
          <option value="">Choose a user</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </SelectField>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={isPending || users.length === 0}>
          {isPending ? "Adding…" : "Add"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
