"use client";

import { useActionState, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField } from "@/components/ui/form-controls";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import { IDLE } from "@/lib/action-state";
import { APPROVAL_NOTE_MAX } from "@/lib/policy/notifications";
import { requestApprovalAction } from "../actions";

/**
 * "Request approval" for one pending mailbox: a note for its approvers, sent to them at once.
 * `waitNote` says why it cannot be asked now (asked today); the component stays mounted either
 * way, so the dialog keeps its answer when the page refreshes behind it.
 */
export function RequestApproval({
  mailboxId,
  address,
  waitNote,
}: {
  mailboxId: number;
  address: string;
  waitNote: string | null;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [state, dispatch, isPending] = useActionState(requestApprovalAction, IDLE);
  return (
    <>
      {waitNote === null ? (
        <Button onClick={() => setIsOpen(true)} aria-label={`Request approval of ${address}`}>
          Request approval
        </Button>
      ) : (
        <span className="text-sm text-muted">{waitNote}</span>
      )}
      <Dialog title="Request approval" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        {state.status === "done" ? (
          <div className="space-y-3">
            <Notice tone="success" title="Approval requested">
              {state.message}
            </Notice>
            <Button onClick={() => setIsOpen(false)}>Close</Button>
          </div>
        ) : (
          <form action={dispatch} className="space-y-3">
            <p>
              The people who can approve <strong>{address}</strong> are told at once. You can ask once a day.
            </p>
            <input type="hidden" name="mailboxId" value={mailboxId} />
            <TextAreaField
              label="Note for the approvers"
              name="note"
              maxLength={APPROVAL_NOTE_MAX}
              error={state.fieldErrors?.note}
              hint="Optional: why you need mail to sync, or anything they should check."
            />
            {state.status === "refused" && (
              <Refusal title="Not requested" code={state.code} reason={state.reason} message={state.message} />
            )}
            <div className="flex gap-2">
              <button type="submit" disabled={isPending} className={buttonClass("primary")}>
                {isPending ? "Sending…" : "Send request"}
              </button>
              <Button onClick={() => setIsOpen(false)}>Cancel</Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
