"use client";

import { Button } from "@/components/ui/button";
import { Refusal } from "@/components/ui/refusal";
import { removeTeamMemberAction } from "../actions";
import type { CommandDecision } from "./command-decision";
import { TeamFields, type TeamRef } from "./team-fields";
import { useFormAction } from "./use-form-action";

const ignore = () => {};

/** Remove, per member row. Success needs no message: the row goes away when the page refreshes. */
export function RemoveMemberButton({
  team,
  member,
  decision,
  noteId,
}: {
  team: TeamRef;
  member: { id: number; fullName: string };
  decision: CommandDecision;
  noteId: string;
}) {
  const { state, isPending, onSubmit } = useFormAction(removeTeamMemberAction, ignore);
  return (
    <form onSubmit={onSubmit} className="flex flex-col items-end gap-2">
      <TeamFields team={team} />
      <input type="hidden" name="environmentUserId" value={member.id} />
      <Button
        type="submit"
        variant="subtle"
        disabled={!decision.allowed || isPending}
        title={decision.allowed ? `Remove ${member.fullName} from the team` : decision.message}
        aria-describedby={decision.allowed ? undefined : noteId}
      >
        {isPending ? "Removing…" : "Remove"}
      </Button>
      {(state.status === "refused" || state.status === "invalid") && (
        <Refusal title="Member not removed" code={state.code} reason={state.reason} message={state.message} />
      )}
    </form>
  );
}
