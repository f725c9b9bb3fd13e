"use client";

import { useState, useTransition } from "react";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmActions } from "@/components/ui/dialog-actions";
import { Refusal } from "@/components/ui/refusal";
import type { ActionState } from "@/lib/action-state";
import { cancelJobAction } from "../actions";

/** Cancel, while the job is active: a confirmation saying what stops and what stays; disabled with the reason for anyone who may not. */
export function CancelJobCommand({ slug, jobId, refusal }: { slug: string; jobId: number; refusal: string | null }) {
  const [isOpen, setIsOpen] = useState(false);
  const [state, setState] = useState<ActionState | null>(null);
  const [isWorking, startWork] = useTransition();
  const cancel = () =>
    startWork(async () => {
      const next = await cancelJobAction({ slug, jobId });
      setState(next);
      // The page re-reads itself (revalidated) and shows the job cancelled.
      if (next.status === "done") setIsOpen(false);
    });
  return (
    <CommandBar label="Job commands">
      <CommandButton label="Cancel job" disabledReason={refusal} onClick={() => setIsOpen(true)} />
      <Dialog title="Cancel this job" isOpen={isOpen} onClose={() => setIsOpen(false)}>
        <div className="space-y-3">
          {state && state.status !== "done" && (
            <Refusal title="Job not cancelled" code={state.code} reason={state.reason} message={state.message} />
          )}
          <p>The job stops after the batch it is working on. What it did so far stays done; the rest is not touched.</p>
          <ConfirmActions onConfirm={cancel} onCancel={() => setIsOpen(false)} isWorking={isWorking} />
        </div>
      </Dialog>
    </CommandBar>
  );
}
