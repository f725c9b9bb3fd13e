import { EmailStatus } from "./catalog";

/**
 * What an Approve / Reject over many mailboxes changes, in the words that matter to the admin who
 * is about to press OK (issue 17 item 1): grouped by the rows' current status, "44 approved
 * mailboxes will stop syncing" rather than "44 will be rejected", with a short sample of names,
 * and a typed count to confirm a large change.
 */

export type MassOperation = "approve" | "reject";

/** The pre-check's rows that will change, grouped by what they are now. */
export type ChangeGroup = {
  from: EmailStatus;
  /** The environment processes email for this kind of mailbox only once approved (DOMAIN §7). */
  isSyncGated: boolean;
  count: number;
  /** The first few names, in the selection's order. */
  sample: string[];
};

/** Names listed per group: enough to recognise the selection, short enough to read. */
export const SAMPLE_SIZE = 5;
/** Above this many changes, OK waits until the admin types the number. */
export const TYPED_CONFIRMATION_ABOVE = 100;

/** Whether mail for a mailbox of this kind syncs only once it is approved (the environment's two settings). */
export const isSyncGated = (
  settings: { processApprovedUsersOnly: boolean; processApprovedQueuesOnly: boolean },
  regardingType: "user" | "queue",
): boolean => (regardingType === "queue" ? settings.processApprovedQueuesOnly : settings.processApprovedUsersOnly);

const NOUN: Record<EmailStatus, [string, string]> = {
  [EmailStatus.Approved]: ["approved mailbox", "approved mailboxes"],
  [EmailStatus.PendingApproval]: ["pending mailbox", "pending mailboxes"],
  [EmailStatus.Rejected]: ["rejected mailbox", "rejected mailboxes"],
  [EmailStatus.Empty]: ["mailbox without a status", "mailboxes without a status"],
};

/** One group's consequence, e.g. "44 approved mailboxes will stop syncing" or "7 rejected mailboxes will be approved". */
export function changeSentence(operation: MassOperation, group: Pick<ChangeGroup, "from" | "isSyncGated" | "count">) {
  const { count } = group;
  const noun = NOUN[group.from][count === 1 ? 0 : 1];
  const isStoppingSync = operation === "reject" && group.from === EmailStatus.Approved && group.isSyncGated;
  const verb = isStoppingSync ? "stop syncing" : operation === "approve" ? "be approved" : "be rejected";
  return `${count.toLocaleString("en-US")} ${noun} will ${verb}`;
}

/** "Ada, Ben, Cy and 41 more": a group's sample and how many it leaves out. */
export function sampleLine(group: Pick<ChangeGroup, "count" | "sample">): string {
  const names = group.sample.slice(0, SAMPLE_SIZE);
  const more = group.count - names.length;
  if (more <= 0) return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
  return `${names.join(", ")} and ${more.toLocaleString("en-US")} more`;
}

/**
 * Groups in the order an admin should read them: what stops syncing first, then what overturns an
 * earlier decision, then the rest.
 */
export function orderGroups(operation: MassOperation, groups: ChangeGroup[]): ChangeGroup[] {
  const rank = (g: ChangeGroup) => {
    if (operation === "reject" && g.from === EmailStatus.Approved) return g.isSyncGated ? 0 : 1;
    if (operation === "approve" && g.from === EmailStatus.Rejected) return 1;
    return 2;
  };
  return [...groups].sort((a, b) => rank(a) - rank(b) || b.count - a.count);
}

export const needsTypedConfirmation = (willChange: number) => willChange > TYPED_CONFIRMATION_ABOVE;

/** The typed confirmation holds when it is the number that will change (spaces and thousands commas allowed). */
export function isTypedConfirmationMet(willChange: number, typed: string): boolean {
  if (!needsTypedConfirmation(willChange)) return true;
  const digits = typed.replace(/[\s,]/g, "");
  return /^\d+$/.test(digits) && Number(digits) === willChange;
}
