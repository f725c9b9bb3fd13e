"use client";

import { useEffect, useState, useTransition } from "react";
import { announce } from "@/components/ui/announce";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmActions } from "@/components/ui/dialog-actions";
import type { PreCheck, RowOutcome } from "@/lib/services/mailboxes/approvals";
import type { MailboxView } from "@/lib/services/mailboxes/grid";
import type { PendingAge } from "@/lib/services/mailboxes/pending-age";
import { precheckAction, runApprovalAction } from "../actions";
import { isTypedConfirmationMet } from "@/lib/policy/mass-action";
import { ApprovalProgress } from "./approval-progress";
import { ApprovalResults, approvalSummary } from "./approval-results";
import { PrecheckSummary, TypedConfirmation } from "./precheck-summary";
import type { RunSummary } from "./run-summary-notice";
import { RejectionReason } from "./rejection-reason";

export type Selection = {
  environmentId: number;
  slug: string;
  count: number;
  /** "All matching" of a search the grid stopped counting at `count`. */
  isCountCapped?: boolean;
  items?: { id: number; version: number }[];
  matching?: { view: MailboxView; q: string; age?: PendingAge; digest?: number };
};

/** "12 selected mailboxes", or "10000+ selected mailboxes" for all matches of a search counted up to its cap. */
export const selectedCount = ({ count, isCountCapped }: Pick<Selection, "count" | "isCountCapped">) =>
  `${count}${isCountCapped ? "+" : ""} selected mailbox${count === 1 && !isCountCapped ? "" : "es"}`;

const WORDS = {
  approve: { title: "Approve Email", done: "approved", already: "already approved" },
  reject: { title: "Reject Email", done: "rejected", already: "already rejected" },
};

/** Confirmation with the pre-check (what will change, what is refused and why), then the per-row results. */
export function ApprovalDialog({
  operation,
  selection,
  onClose,
  unknownDomains = [],
}: {
  operation: "approve" | "reject";
  selection: Selection;
  onClose: (didRun: boolean, summary?: RunSummary | null) => void;
  /** Selected addresses on no accepted domain: approving them makes no mail flow. */
  unknownDomains?: string[];
}) {
  const words = WORDS[operation];
  const [precheck, setPrecheck] = useState<(PreCheck & { snapshotId: string }) | null>(null);
  const [results, setResults] = useState<RowOutcome[] | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const needsReason = operation === "reject";
  const [isRunning, startRun] = useTransition();
  const request = { ...selection, operation };
  const refuse = (message: string) => {
    setRefusal(message);
    announce(message, { assertive: true });
  };

  useEffect(() => {
    let isCurrent = true;
    void precheckAction(request).then((p) => {
      if (!isCurrent) return;
      if ("ok" in p) refuse(p.message);
      else setPrecheck(p);
    });
    return () => {
      isCurrent = false;
    };
    // The selection is fixed while the dialog is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const run = (snapshotId: string) =>
    startRun(async () => {
      // OK applies to the rows the pre-check showed, as they were then.
      const outcome = await runApprovalAction({
        slug: selection.slug,
        environmentId: selection.environmentId,
        operation,
        snapshotId,
        ...(needsReason ? { reason } : {}),
      });
      if (!outcome.ok && outcome.field === "reason") setReasonError(outcome.message);
      else if (!outcome.ok) refuse(outcome.message);
      else if (outcome.jobId !== null) setJobId(outcome.jobId);
      else {
        setResults(outcome.outcomes);
        announce(approvalSummary(outcome.outcomes, words.done));
      }
    });
  const hasRun = results !== null || jobId !== null;
  // An immediate run's summary stays on the page after the dialog; a background run has its own notice there.
  const close = (didRun: boolean) =>
    onClose(didRun, results ? { title: words.title, text: approvalSummary(results, words.done) } : null);

  return (
    <Dialog title={words.title} isOpen onClose={() => close(hasRun)}>
      {!hasRun && (
        <div className="space-y-3">
          <p>
            {words.title} for {selectedCount(selection)}?
          </p>
          {!precheck ? (
            !refusal && <p className="text-muted">Checking what would change…</p>
          ) : (
            <>
              <PrecheckSummary operation={operation} precheck={precheck} already={words.already} />
              {operation === "approve" && unknownDomains.length > 0 && (
                <p className="text-sm font-semibold">
                  {unknownDomains.length} on a domain Exchange does not know ({unknownDomains.slice(0, 3).join(", ")}):
                  approving will not make their mail flow. Correct the address first.
                </p>
              )}
            </>
          )}
          {needsReason && precheck && precheck.willChange > 0 && (
            <RejectionReason
              value={reason}
              onChange={(value) => {
                setReason(value);
                setReasonError(undefined);
              }}
              error={reasonError}
            />
          )}
          {precheck && <TypedConfirmation willChange={precheck.willChange} value={typed} onChange={setTyped} />}
          {precheck?.isBackground && (
            <p className="text-sm text-muted">This many mailboxes run in the background, with a progress bar.</p>
          )}
          {refusal && (
            <p className="text-danger" data-testid="dialog-refusal">
              {refusal}
            </p>
          )}
          <ConfirmActions
            onConfirm={() => precheck && run(precheck.snapshotId)}
            onCancel={() => onClose(false)}
            isWorking={isRunning}
            isDisabled={
              !precheck ||
              precheck.willChange === 0 ||
              (needsReason && reason.trim() === "") ||
              !isTypedConfirmationMet(precheck.willChange, typed)
            }
          />
        </div>
      )}
      {jobId !== null && (
        <div className="space-y-3">
          <ApprovalProgress slug={selection.slug} jobId={jobId} doneWord={words.done} />
          <Button onClick={() => onClose(true)}>Close</Button>
        </div>
      )}
      {results && (
        <div className="space-y-3">
          <ApprovalResults slug={selection.slug} results={results} doneWord={words.done} onReload={() => close(true)} />
          <Button onClick={() => close(true)}>Close</Button>
        </div>
      )}
    </Dialog>
  );
}
