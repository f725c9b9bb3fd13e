import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { decideApproval, type ApprovalDecision } from "@/lib/policy/approval";
import { getApprovalSettings } from "../settings/email-settings";
import type { VisibleEnvironment } from "../settings/environments";
import { listPossibleApprovers, loadMailboxOwner, mailboxFacts, type VisibleMailbox } from "./details";

export type ApprovalExplanation = {
  approve: ApprovalDecision;
  reject: ApprovalDecision;
  /** Who could approve it now through the admin paths. */
  approvers: { name: string; email: string; via: string }[];
  /** The owner, when self-approval holds for them (Test & Enable then approves it). */
  ownerCanSelfApprove: { name: string } | null;
};

/**
 * "Why can't I approve this?" for one mailbox: the actor's decisions to approve and reject it, and
 * who else could. The mailbox form's explainer and the REST API's mailbox detail both show this.
 */
export async function explainApproval(
  db: Db,
  actor: Actor,
  environment: VisibleEnvironment,
  mailbox: VisibleMailbox,
  now: Date,
): Promise<ApprovalExplanation> {
  const facts = mailboxFacts(mailbox);
  const settings = await getApprovalSettings(db, environment);
  const owner = await loadMailboxOwner(db, mailbox);
  return {
    approve: decideApproval(actor, facts, settings, "approve", now),
    reject: decideApproval(actor, facts, settings, "reject", now),
    approvers: await listPossibleApprovers(db, mailbox, settings, now),
    ownerCanSelfApprove:
      owner && decideApproval(owner, facts, settings, "approve", now).canSelfApprove
        ? { name: owner.displayName }
        : null,
  };
}
