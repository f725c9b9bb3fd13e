"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Notice } from "@/components/ui/notice";
import { SidePanel } from "@/components/ui/side-panel";
import { AddMemberForm, type AddableUser } from "./add-member-form";
import { CommandNote, type CommandDecision } from "./command-decision";
import type { TeamRef } from "./team-fields";
import { TeamRolesForm, type TeamRoleOption } from "./team-roles-form";

export const MEMBERS_NOTE_ID = "team-members-note";
const ROLES_NOTE_ID = "team-roles-note";

type Props = {
  team: TeamRef & { name: string };
  addableUsers: AddableUser[];
  roleOptions: TeamRoleOption[];
  membersDecision: CommandDecision;
  rolesDecision: CommandDecision;
};

/** The team's command bar, its two side panels, and the last success message. */
export function TeamCommands({ team, addableUsers, roleOptions, membersDecision, rolesDecision }: Props) {
  const [panel, setPanel] = useState<"members" | "roles" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const open = (which: "members" | "roles") => {
    setMessage(null);
    setPanel(which);
  };
  const close = () => setPanel(null);
  const finish = (text: string) => {
    setPanel(null);
    setMessage(text);
  };

  return (
    <div className="mb-4 space-y-3">
      <CommandBar label="Team commands">
        <Button
          onClick={() => open("members")}
          disabled={!membersDecision.allowed}
          title={membersDecision.allowed ? undefined : membersDecision.message}
          aria-describedby={membersDecision.allowed ? undefined : MEMBERS_NOTE_ID}
        >
          Add member
        </Button>
        <Button
          onClick={() => open("roles")}
          disabled={!rolesDecision.allowed}
          title={rolesDecision.allowed ? undefined : rolesDecision.message}
          aria-describedby={rolesDecision.allowed ? undefined : ROLES_NOTE_ID}
        >
          Manage security roles
        </Button>
      </CommandBar>
      {(!membersDecision.allowed || !rolesDecision.allowed) && (
        <div className="space-y-1">
          {!membersDecision.allowed && (
            <CommandNote id={MEMBERS_NOTE_ID} command="Add member and Remove" decision={membersDecision} />
          )}
          {!rolesDecision.allowed && (
            <CommandNote id={ROLES_NOTE_ID} command="Manage security roles" decision={rolesDecision} />
          )}
        </div>
      )}
      {message && (
        <Notice tone="success" title="Team saved">
          {message}
        </Notice>
      )}
      <SidePanel title={`Add member to ${team.name}`} isOpen={panel === "members"} onClose={close}>
        <AddMemberForm team={team} users={addableUsers} onDone={finish} onCancel={close} />
      </SidePanel>
      <SidePanel title={`Security roles of ${team.name}`} isOpen={panel === "roles"} onClose={close}>
        <TeamRolesForm team={team} roles={roleOptions} onDone={finish} onCancel={close} />
      </SidePanel>
    </div>
  );
}
