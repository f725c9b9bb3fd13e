"use client";

import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ConfirmActions } from "@/components/ui/dialog-actions";
import type { PreCheck, RowOutcome } from "@/lib/services/mailboxes/approvals";
import type { MailboxView } from "@/lib/services/mailboxes/grid";
import type { PendingAge } from "@/lib/services/mailboxes/pending-age";
import { precheckAction, runApprovalAction } from "../actions";
import { ApprovalProgress } from "./approval-progress";
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
  onClose: (didRun: boolean) => void;
  /** Selected addresses on no accepted domain: approving them makes no mail flow. */
  unknownDomains?: string[];
}) {
  const words = WORDS[operation];
  const [precheck, setPrecheck] = useState<(PreCheck & { snapshotId: string }) | null>(null);
  const [results, setResults] = useState<RowOutcome[] | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const needsReason = operation === "reject";
  const [isRunning, startRun] = useTransition();
  const request = { ...selection, operation };

  useEffect(() => {
    let isCurrent = true;
    precheckAction(request).then((p) => {
      if (!isCurrent) return;
      if ("ok" in p) setRefusal(p.message);
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
      else if (!outcome.ok) setRefusal(outcome.message);
      else if (outcome.jobId !== null) setJobId(outcome.jobId);
      else setResults(outcome.outcomes);
    });
  const hasRun = results !== null || jobId !== null;
  const count = (o: RowOutcome["outcome"]) => results?.filter((r) => r.outcome === o).length ?? 0;

  return (
    <Dialog title={words.title} isOpen onClose={() => onClose(hasRun)}>
      {!hasRun && (
        <div className="space-y-3">
          <p>
            {words.title} for {selectedCount(selection)}?
          </p>
          {!precheck ? (
            !refusal && (
              <p className="text-muted" role="status">
                Checking what would change…
              </p>
            )
          ) : (
            <ul aria-label="Pre-check" className="space-y-1 text-sm">
              <li>
                {precheck.willChange} will be {words.done}
              </li>
              <li>
                {precheck.unchanged} {words.already}
              </li>
              {operation === "approve" && unknownDomains.length > 0 && (
                <li className="font-semibold">
                  {unknownDomains.length} on a domain Exchange does not know ({unknownDomains.slice(0, 3).join(", ")}):
                  approving will not make their mail flow. Correct the address first.
                </li>
              )}
              {precheck.refused.map((r) => (
                <li key={r.reason} className="text-danger">
                  {r.count} refused: {r.message} ({r.reason})
                </li>
              ))}
            </ul>
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
          {precheck?.isBackground && (
            <p className="text-sm text-muted">This many mailboxes run in the background, with a progress bar.</p>
          )}
          {refusal && (
            <p role="alert" className="text-danger">
              {refusal}
            </p>
          )}
          <ConfirmActions
            onConfirm={() => precheck && run(precheck.snapshotId)}
            onCancel={() => onClose(false)}
            isWorking={isRunning}
            isDisabled={!precheck || precheck.willChange === 0 || (needsReason && reason.trim() === "")}
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
          <p role="status" aria-label="Run summary">
            {count("changed")} {words.done}, {count("unchanged")} unchanged, {count("refused")} refused.
          </p>
          <table aria-label="Results" className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-line">
                <th className="py-1">Mailbox</th>
                <th className="py-1">Result</th>
                <th className="py-1">Reason</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.id} className="border-b border-line last:border-0">
                  <td className="py-1">{r.name}</td>
                  <td className="py-1">
                    {r.outcome === "changed" ? "Changed" : r.outcome === "unchanged" ? "Unchanged" : "Refused"}
                  </td>
                  <td className="py-1">
                    {r.message}
                    {r.outcome === "refused" && r.code !== "NOT_FOUND" && (
                      <>
                        {" "}
                        <Link
                          className="text-brand hover:underline"
                          href={`/environments/${selection.slug}/mailboxes/${r.id}#why`}
                        >
                          Why?
                        </Link>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button onClick={() => onClose(true)}>Close</Button>
        </div>
      )}
    </Dialog>
  );
}
