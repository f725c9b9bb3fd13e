"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField } from "@/components/ui/form-controls";
import { Refusal } from "@/components/ui/refusal";
import type { ActionState } from "@/lib/action-state";
import { answerReviewAction } from "../../actions";

export type PendingAnswer = { decision: "keep" | "remove"; items: { id: number; holderName: string }[] };

/** Keep or Remove for one holder or a selection, with an optional note. */
export function AnswerDialog({
  reviewId,
  answer,
  onClose,
}: {
  reviewId: number;
  answer: PendingAnswer;
  onClose: (message: string | null) => void;
}) {
  const [note, setNote] = useState("");
  const [state, setState] = useState<ActionState | null>(null);
  const [isWorking, startWork] = useTransition();
  const verb = answer.decision === "keep" ? "Keep" : "Remove";
  const who = answer.items.length === 1 ? answer.items[0]!.holderName : `${answer.items.length} holders`;
  const send = () =>
    startWork(async () => {
      const next = await answerReviewAction({
        reviewId,
        itemIds: answer.items.map((i) => i.id),
        decision: answer.decision,
        note,
      });
      if (next.status === "done") onClose(next.message ?? "Answered.");
      else setState(next);
    });
  return (
    <Dialog title={`${verb}: ${who}`} isOpen onClose={() => onClose(null)}>
      <div className="space-y-3">
        {state && <Refusal title="Not answered" code={state.code} reason={state.reason} message={state.message} />}
        <p>
          {answer.decision === "keep"
            ? `${who} keep${answer.items.length === 1 ? "s" : ""} Delegated Mailbox Approver.`
            : `${who} lose${answer.items.length === 1 ? "s" : ""} Delegated Mailbox Approver when the review is applied.`}
        </p>
        <TextAreaField
          label="Note (optional)"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          hint="Why: kept with the answer and in the audit log."
        />
        <div className="flex gap-2">
          <Button variant="primary" disabled={isWorking} onClick={send}>
            {isWorking ? "Saving…" : verb}
          </Button>
          <Button onClick={() => onClose(null)}>Cancel</Button>
        </div>
      </div>
    </Dialog>
  );
}
