import type { Actor } from "@/lib/policy/actor";
import { isOnAcceptedDomain } from "@/lib/policy/accepted-domains";
import { approvalDecider, type ApprovalSettings } from "@/lib/policy/approval";
import { decideRunTestAndEnable } from "@/lib/policy/test-and-enable";
import { mailboxFacts } from "@/lib/services/mailboxes/details";
import type { MailboxGridRow } from "@/lib/services/mailboxes/grid";
import { optionalTimeText } from "@/lib/time/time-text";
import { timeData, type GridRowData } from "./_components/grid-row";

/**
 * The grid's rows as the browser needs them and no more: these props are serialized into the RSC
 * payload of every response (issue 20: they were a third of it), so each row is its values without
 * their names (GridRowData). The dates come written out in the viewer's `zone`; each
 * command's refusal is an index into `refusals`, where each message appears once however many rows
 * share it; null when the rules allow the command.
 */
export function gridRows(
  rows: MailboxGridRow[],
  {
    actor,
    environmentId,
    settings,
    now,
    zone,
    acceptedDomains,
  }: {
    actor: Actor;
    environmentId: number;
    settings: ApprovalSettings;
    now: Date;
    zone: string;
    acceptedDomains: string[];
  },
): { rows: GridRowData[]; refusals: string[] } {
  const refusals: string[] = [];
  const indexOf = new Map<string, number>();
  const refusal = (decision: { allowed: boolean; message: string }) => {
    if (decision.allowed) return null;
    let i = indexOf.get(decision.message);
    if (i === undefined) indexOf.set(decision.message, (i = refusals.push(decision.message) - 1));
    return i;
  };
  // The actor's rights worked out once for the page: each row adds only its own-mailbox conditions.
  const decideApprove = approvalDecider(actor, environmentId, settings, "approve", now);
  const decideReject = approvalDecider(actor, environmentId, settings, "reject", now);
  return {
    rows: rows.map((row) => {
      const facts = mailboxFacts({ ...row, environmentId });
      return [
        row.id,
        row.version,
        row.name,
        row.emailAddress,
        !isOnAcceptedDomain(row.emailAddress, acceptedDomains),
        row.regardingType === "queue",
        row.emailStatus,
        row.incomingStatus,
        row.outgoingStatus,
        row.actStatus,
        row.serverProfileName,
        row.approvedByName,
        timeData(optionalTimeText(row.testCompletedOn, zone, "date")),
        timeData(optionalTimeText(row.pendingSince, zone)),
        refusal(decideApprove(facts)),
        refusal(decideReject(facts)),
        refusal(decideRunTestAndEnable(actor, facts, now)),
      ];
    }),
    refusals,
  };
}
