import "server-only";
import type { Checkpoint } from "./checkpoints";

export type AuditProblemKind =
  | "edited"
  | "broken link"
  | "gap"
  | "truncated"
  | "rolled back"
  | "rewritten"
  | "keyed-from changed"
  | "bad checkpoint";

/** One finding; `seq` is the event it concerns (for a bad checkpoint, the seq it claims). */
export type AuditProblem = { kind: AuditProblemKind; seq: number; message: string };

export type AuditVerdict = {
  intact: boolean;
  /** True when every event's hash was recomputed, not only those after the newest checkpoint. */
  whole: boolean;
  events: number;
  head: { seq: number; hash: string; digest: string | null };
  /** The first event whose hash was recomputed. */
  checkedFrom: number;
  /** The newest checkpoint in force. */
  anchor: { seq: number; at: string } | null;
  /** Events 1..this are proven; everything after is suspect. */
  lastTrustworthySeq: number;
  /** Checkpointed events this database does not have. */
  lacks: number;
  problems: AuditProblem[];
  notes: string[];
};

export const span = (from: number, to: number) => (from === to ? `event ${from}` : `events ${from}–${to}`);
const events = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "event" : "events"}`;
const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** The sentences of each finding, for the page and the command line alike. */
export const say = {
  edited: (seq: number) =>
    `Event ${seq}'s contents no longer match its hash: it was edited, or forged without the key.`,
  brokenLink: (seq: number) =>
    `Event ${seq} does not link to the event before it: an event before it was removed, inserted or rewritten.`,
  gap: (missing: number) => `Event ${missing} is missing: events were deleted from the log (or renumbered).`,
  truncated: (head: number, anchor: Checkpoint) =>
    `The log ends at event ${head}, but it was checkpointed up to event ${anchor.seq} on ${when(anchor.at)}: the last ${events(anchor.seq - head)} were deleted, or this is an older copy of the database.`,
  rolledBack: (head: number, matched: Checkpoint, anchor: Checkpoint) =>
    `The database was rolled back to an older copy: it ends exactly at the checkpoint of ${when(matched.at)} (event ${head}) and lacks the ${events(anchor.seq - head)} checkpointed since, up to event ${anchor.seq} on ${when(anchor.at)}.`,
  rewritten: (c: Checkpoint, trusted: number) =>
    `Event ${c.seq} differs from its checkpoint of ${when(c.at)}: events after event ${trusted} were rewritten, re-chained, forged or renumbered.`,
  keyedFromMoved: (db: number, signed: number) =>
    `The log says keyed hashes begin at event ${db}, its checkpoints say ${signed}: the mark was moved, so unkeyed events could pass as old ones.`,
  badCheckpoint: (where: string, why: string) =>
    `Checkpoint ${where}: ${why}. The digest folder was tampered with, or holds checkpoints of another signing key.`,

  legacy: (keyedFrom: number, head: number) =>
    keyedFrom > head
      ? "Every event was written before hashes were keyed (this database has not been migrated): they are checked the old way."
      : `Events 1–${keyedFrom - 1} were written before hashes were keyed: they are checked the old way, and the checkpoints since seal them.`,
  noCheckpoint: () =>
    "No checkpoint yet: the log was checked against its key only. One is written after 1,000 events, within 5 minutes, and when the server stops.",
  anchored: (a: Checkpoint) => `Newest checkpoint: event ${a.seq}, signed ${when(a.at)}.`,
  since: (n: number) =>
    `${events(n)} since the newest checkpoint were checked with the key; the next checkpoint seals them.`,
  wrongKey: () =>
    "The first event hashed with the key fails although a checkpoint after it still matches: if nobody touched the database, MAILGATE_AUDIT_KEY is not the key the log was written with.",
  notReread: (to: number) =>
    `${span(1, to).replace(/^e/, "E")} were not re-read: the checkpoint vouches for them. npm run audit:verify -- --full re-reads every event.`,
  lacks: (n: number, anchor: Checkpoint) =>
    `This copy lacks ${events(n)} checkpointed later, up to event ${anchor.seq} on ${when(anchor.at)}.`,
  restored: (r: Checkpoint, gaveUp: { from: number; to: number } | null) =>
    `Restored from ${r.backup ?? "a backup"} on ${when(r.at)}` +
    (gaveUp
      ? `: ${span(gaveUp.from, gaveUp.to)}, checkpointed before, ${gaveUp.from === gaveUp.to ? "was" : "were"} given up.`
      : "."),
};

/** One line for people: "Intact, 12 events", or the first problem and how far the log can be trusted. */
export function describeVerdict(v: AuditVerdict): string {
  if (v.intact) return `Intact, ${events(v.events)}`;
  const [first] = v.problems;
  const more = v.problems.length > 1 ? ` (and ${v.problems.length - 1} more)` : "";
  const trusted = trustedText(v.lastTrustworthySeq);
  return `Not intact${more}: ${first!.message} ${trusted}`;
}

/** "Events 1–41 can be trusted.", "Event 1 can be trusted.", or that none can. */
export function trustedText(lastTrustworthySeq: number): string {
  if (!lastTrustworthySeq) return "No event can be trusted.";
  return lastTrustworthySeq === 1 ? "Event 1 can be trusted." : `Events 1–${lastTrustworthySeq} can be trusted.`;
}
