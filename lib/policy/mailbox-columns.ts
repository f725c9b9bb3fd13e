/**
 * The mailboxes grid's columns a person may hide (issue 17): Name, Email address and Email address
 * status always show, as does Pending since in the Pending view. The default leaves out what does
 * not fit beside them at 1440 px; each person's choice is kept (lib/services/identity/preferences.ts).
 */
export const OPTIONAL_MAILBOX_COLUMNS = [
  "regarding",
  "incoming",
  "outgoing",
  "act",
  "profile",
  "approvedBy",
  "lastTested",
] as const;
export type MailboxColumn = (typeof OPTIONAL_MAILBOX_COLUMNS)[number];

export const MAILBOX_COLUMN_LABELS: Record<MailboxColumn, string> = {
  regarding: "Regarding",
  incoming: "Incoming",
  outgoing: "Outgoing",
  act: "Appointments, contacts, tasks",
  profile: "Server profile",
  approvedBy: "Approved by",
  lastTested: "Last tested",
};

export const DEFAULT_HIDDEN_MAILBOX_COLUMNS: readonly MailboxColumn[] = ["regarding", "profile"];

/** Which optional columns show, in the grid's order, for these hidden ones. */
export const shownMailboxColumns = (hidden: readonly MailboxColumn[]): MailboxColumn[] =>
  OPTIONAL_MAILBOX_COLUMNS.filter((c) => !hidden.includes(c));
