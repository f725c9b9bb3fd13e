"use client";

import { useState } from "react";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import type { MailboxCommand } from "../../command-actions";
import { ApprovalDialog } from "../../_components/approval-dialog";
import { CommandDialog, COMMAND_TITLES } from "../../_components/command-dialog";

type Props = {
  slug: string;
  environmentId: number;
  mailboxId: number;
  version: number;
  isActive: boolean;
  approveRefusal: string | null;
  rejectRefusal: string | null;
  /** Why the actor may not write this mailbox (Test & Enable and the other commands), or null. */
  editRefusal: string | null;
};

/** The form's commands: the grid's dialogs, for this one mailbox as loaded. */
export function MailboxCommands(props: Props) {
  const [dialog, setDialog] = useState<"approve" | "reject" | MailboxCommand | null>(null);
  const selection = {
    environmentId: props.environmentId,
    slug: props.slug,
    count: 1,
    items: [{ id: props.mailboxId, version: props.version }],
  };
  const commands: MailboxCommand[] = [
    "test-and-enable",
    "apply-defaults",
    "edit",
    props.isActive ? "deactivate" : "activate",
  ];
  return (
    <>
      <CommandBar label="Mailbox commands">
        <CommandButton
          label="Approve Email"
          disabledReason={props.approveRefusal}
          onClick={() => setDialog("approve")}
        />
        <CommandButton label="Reject Email" disabledReason={props.rejectRefusal} onClick={() => setDialog("reject")} />
        {commands.map((command) => (
          <CommandButton
            key={command}
            label={COMMAND_TITLES[command]}
            disabledReason={props.editRefusal}
            onClick={() => setDialog(command)}
          />
        ))}
      </CommandBar>
      {(dialog === "approve" || dialog === "reject") && (
        <ApprovalDialog operation={dialog} selection={selection} onClose={() => setDialog(null)} />
      )}
      {dialog && dialog !== "approve" && dialog !== "reject" && (
        <CommandDialog command={dialog} selection={selection} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
