"use client";

import { useState, useTransition } from "react";
import { CommandButton } from "@/components/ui/command-button";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmActions } from "@/components/ui/dialog-actions";
import { Notice } from "@/components/ui/notice";
import { Refusal } from "@/components/ui/refusal";
import type { ActionState } from "@/lib/action-state";
import { applyReviewAction } from "../../actions";

/** "Apply now", with a confirmation saying what applying does; disabled with the reason for anyone else. */
export function ApplyCommand({
  reviewId,
  refusal,
  unansweredRule,
  openItems,
}: {
  reviewId: number;
  refusal: string | null;
  unansweredRule: string;
  openItems: number;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [state, setState] = useState<ActionState | null>(null);
  const [isWorking, startWork] = useTransition();
  const apply = () =>
    startWork(async () => {
      const next = await applyReviewAction({ reviewId });
      setState(next);
      if (next.status === "done") setIsOpen(false);
    });
  return (
    <>
      <CommandButton label="Apply now" disabledReason={refusal} onClick={() => setIsOpen(true)} />
      {state?.status === "done" && !isOpen && (
        <Notice tone="success" title="Review applied">
          {state.message}
        </Notice>
      )}
      <Dialog title="Apply the review now" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <div className="space-y-3">
          {state && state.status !== "done" && (
            <Refusal title="Review not applied" code={state.code} reason={state.reason} message={state.message} />
          )}
          <p>
            Holders answered Remove lose Delegated Mailbox Approver now. Answers cannot change afterwards.
            {openItems > 0 && ` ${openItems} unanswered: ${unansweredRule.toLowerCase()}.`}
          </p>
          <ConfirmActions onConfirm={apply} onCancel={() => setIsOpen(false)} isWorking={isWorking} />
        </div>
      </Dialog>
    </>
  );
}
