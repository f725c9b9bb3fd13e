"use client";

import { useState } from "react";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import { ApprovalDialog } from "../../_components/approval-dialog";

/** The form's Approve / Reject commands: the grid's dialog, for this one mailbox as loaded. */
export function MailboxCommands(props: { slug: string; environmentId: number; mailboxId: number; version: number; approveRefusal: string | null; rejectRefusal: string | null }) {
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  return (
    <>
      <CommandBar label="Mailbox commands">
        <CommandButton label="Approve Email" disabledReason={props.approveRefusal} onClick={() => setDialog("approve")} />
        <CommandButton label="Reject Email" disabledReason={props.rejectRefusal} onClick={() => setDialog("reject")} />
      </CommandBar>
      {dialog && (
        <ApprovalDialog
          operation={dialog}
          selection={{ environmentId: props.environmentId, slug: props.slug, count: 1, items: [{ id: props.mailboxId, version: props.version }] }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
