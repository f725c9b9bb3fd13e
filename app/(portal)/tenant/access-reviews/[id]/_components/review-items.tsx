"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CommandBar } from "@/components/ui/command-bar";
import { Notice } from "@/components/ui/notice";
import type { ItemOutcome } from "@/lib/policy/access-review";
import { OutcomeBadge } from "../../_components/labels";
import { AnswerDialog, type PendingAnswer } from "./answer-dialog";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { LocalTime } from "@/components/local-time";
import type { TimeText } from "@/lib/time/time-text";

/** An item as the page shows it: dates already written out in the viewer's zone (server and browser agree). */
export type ItemRow = {
  id: number;
  holderName: string;
  holderEmail: string;
  environment: string;
  lastApproval: TimeText | null;
  endDate: TimeText | null;
  justification: string;
  decision: "keep" | "remove" | null;
  note: string | null;
  decidedBy: string | null;
  outcome: ItemOutcome | null;
  answerRefusal: string | null;
};

const CELL = "px-3 py-2 align-top";

/** The items with their facts; reviewers answer one holder, or tick several and answer them at once. */
export function ReviewItems({ reviewId, rows, isOpen }: { reviewId: number; rows: ItemRow[]; isOpen: boolean }) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [pending, setPending] = useState<PendingAnswer | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const answerable = rows.filter((r) => r.answerRefusal === null);
  const chosen = answerable.filter((r) => selected.has(r.id));
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const ask = (decision: PendingAnswer["decision"], items: ItemRow[]) => {
    setDone(null);
    setPending({ decision, items: items.map(({ id, holderName }) => ({ id, holderName })) });
  };
  const close = (message: string | null) => {
    setPending(null);
    if (message) {
      setDone(message);
      setSelected(new Set());
    }
  };

  return (
    <>
      {isOpen && (
        <CommandBar label="Answer commands">
          <Button variant="subtle" disabled={chosen.length === 0} onClick={() => ask("keep", chosen)}>
            Keep selected ({chosen.length})
          </Button>
          <Button variant="subtle" disabled={chosen.length === 0} onClick={() => ask("remove", chosen)}>
            Remove selected ({chosen.length})
          </Button>
        </CommandBar>
      )}
      {done && isOpen && (
        <div className="mb-3">
          <Notice tone="success" title="Answer saved">
            {done}
          </Notice>
        </div>
      )}
      <ScrollRegion label="Review items">
        <table className="w-full border-collapse text-left text-sm" aria-label="Review items">
          <thead>
            <tr className="border-b border-line">
              {isOpen && (
                <th scope="col" className={CELL}>
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={answerable.length > 0 && chosen.length === answerable.length}
                    onChange={(e) => setSelected(new Set(e.target.checked ? answerable.map((r) => r.id) : []))}
                    className="h-4 w-4 accent-[var(--brand)]"
                  />
                </th>
              )}
              {["Holder", "Environment", "Last approval with the role", "End date", "Justification", "Answer"].map(
                (h) => (
                  <th key={h} scope="col" className={`${CELL} font-semibold`}>
                    {h}
                  </th>
                ),
              )}
              <th scope="col" className={`${CELL} font-semibold`}>
                {isOpen ? "Actions" : "Outcome"}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={isOpen ? 8 : 7} className="px-3 py-6 text-center text-muted">
                  Nothing here.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-line last:border-0 hover:bg-surface-alt">
                {isOpen && (
                  <td className={CELL}>
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.holderName}`}
                      disabled={r.answerRefusal !== null}
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r.id)}
                      className="h-4 w-4 accent-[var(--brand)]"
                    />
                  </td>
                )}
                <td className={CELL}>
                  <span className="font-semibold">{r.holderName}</span>
                  <span className="block text-xs text-muted">{r.holderEmail}</span>
                </td>
                <td className={CELL}>{r.environment}</td>
                <td className={CELL}>{r.lastApproval ? <LocalTime text={r.lastApproval} /> : "None since assigned"}</td>
                <td className={CELL}>{r.endDate ? <LocalTime text={r.endDate} /> : "No end date"}</td>
                <td className={CELL}>{r.justification}</td>
                <td className={CELL}>
                  {r.decision ? (
                    <>
                      <Badge tone={r.decision === "keep" ? "success" : "danger"}>
                        {r.decision === "keep" ? "Keep" : "Remove"}
                      </Badge>
                      <span className="block text-xs text-muted">by {r.decidedBy}</span>
                      {r.note && <span className="block text-xs">{r.note}</span>}
                    </>
                  ) : (
                    <span className="text-muted">Not answered</span>
                  )}
                </td>
                <td className={CELL}>
                  {!isOpen && r.outcome && <OutcomeBadge outcome={r.outcome} />}
                  {isOpen && r.answerRefusal && <span className="text-xs text-muted">{r.answerRefusal}</span>}
                  {isOpen && !r.answerRefusal && (
                    <span className="flex gap-1">
                      <Button aria-label={`Keep ${r.holderName}`} onClick={() => ask("keep", [r])}>
                        Keep
                      </Button>
                      <Button aria-label={`Remove ${r.holderName}`} onClick={() => ask("remove", [r])}>
                        Remove
                      </Button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {pending && <AnswerDialog reviewId={reviewId} answer={pending} onClose={close} />}
    </>
  );
}
