import type { Actor } from "@/lib/policy/actor";
import { isOnAcceptedDomain } from "@/lib/policy/accepted-domains";
import { approvalDecider, type ApprovalSettings } from "@/lib/policy/approval";
import { runTestAndEnableDecider } from "@/lib/policy/test-and-enable";
import { mailboxFacts } from "@/lib/services/mailboxes/details";
import type { MailboxGridRow } from "@/lib/services/mailboxes/grid";
import { optionalTimeText } from "@/lib/time/time-text";
import { timeData, trimmed, type GridRowData } from "./_components/grid-row";

/**
 * The grid's rows as the browser needs them and no more: these props are serialized into the RSC
 * payload of every response (issue 20: they were a third of it), so each row is its values without
 * their names (GridRowData). The dates come written out in the viewer's `zone`; each
 * command's refusal is an index into `refusals`, where each message appears once however many rows
 * share it; null when the rules allow the command. Server profiles' and approvers' names are
 * indexes into `names` the same way.
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
): { rows: GridRowData[]; refusals: string[]; names: string[] } {
  const refusals = textList();
  const names = textList();
  const refusal = (decision: { allowed: boolean; message: string }) =>
    decision.allowed ? null : refusals.indexOf(decision.message);
  // The actor's rights worked out once for the page: each row adds only its own-mailbox conditions.
  const decideApprove = approvalDecider(actor, environmentId, settings, "approve", now);
  const decideReject = approvalDecider(actor, environmentId, settings, "reject", now);
  const decideEdit = runTestAndEnableDecider(actor, environmentId, now);
  return {
    rows: rows.map((row) => {
      const facts = mailboxFacts({ ...row, environmentId });
      return trimmed([
        row.id,
        row.version,
        row.name,
        row.emailAddress,
        isOnAcceptedDomain(row.emailAddress, acceptedDomains) ? 0 : 1,
        row.regardingType === "queue" ? 1 : 0,
        row.emailStatus,
        row.incomingStatus,
        row.outgoingStatus,
        row.actStatus,
        row.serverProfileName === null ? null : names.indexOf(row.serverProfileName),
        row.approvedByName === null ? null : names.indexOf(row.approvedByName),
        timeData(optionalTimeText(row.testCompletedOn, zone, "date")),
        timeData(optionalTimeText(row.pendingSince, zone)),
        refusal(decideApprove(facts)),
        refusal(decideReject(facts)),
        refusal(decideEdit(facts)),
      ]);
    }),
    refusals: refusals.texts,
    names: names.texts,
  };
}

/** Texts many rows share, each kept once: a row holds its text's index. */
function textList() {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  return {
    texts,
    indexOf(text: string): number {
      let i = indexes.get(text);
      if (i === undefined) indexes.set(text, (i = texts.push(text) - 1));
      return i;
    },
  };
}
