import type { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import type { TimeText } from "@/lib/time/time-text";

/**
 * One row as the grid reads it. `approve`, `reject`, `edit`: the index of the command's refusal in
 * the page's `refusals`, or null when it may run (approve and reject by DOMAIN §3, the other
 * commands by write on the mailbox).
 */
export type GridRow = {
  id: number;
  version: number;
  name: string;
  email: string;
  /** Not on one of the tenant's accepted domains: Exchange does not know it (lib/policy/accepted-domains.ts). */
  isUnknownDomain: boolean;
  isQueue: boolean;
  status: EmailStatus;
  incoming: TestStatus;
  outgoing: TestStatus;
  act: TestStatus;
  profile: string | null;
  approvedBy: string | null;
  lastTested: TimeText | null;
  /** When it last entered Pending Approval, formatted; shown in the Pending view. */
  pendingSince: TimeText | null;
  approve: number | null;
  reject: number | null;
  edit: number | null;
};

/**
 * A moment as sent: milliseconds instead of its ISO text, and the UTC text left out where it reads
 * as the local one does (a viewer in UTC, a moment with its time of day).
 */
type TimeData = [at: number, local: string, utc?: string];

/**
 * A GridRow as the server sends it (grid-rows.ts): its values in this order without their names.
 * The rows are serialized into the RSC payload of every response, where the 20 field names, each
 * quoted and escaped, were half of each row's bytes (issue 20). A server profile's or approver's
 * name is an index into the page's `names` (a page repeats a handful of them 50 times), a flag is
 * 0 or 1, and the nulls a row ends with are left off (a Pending row has no approver, test or refusal).
 */
export type GridRowData = [
  id: number,
  version: number,
  name: string,
  email: string,
  isUnknownDomain: 0 | 1,
  isQueue: 0 | 1,
  status: EmailStatus,
  incoming: TestStatus,
  outgoing: TestStatus,
  act: TestStatus,
  profile?: number | null,
  approvedBy?: number | null,
  lastTested?: TimeData | null,
  pendingSince?: TimeData | null,
  approve?: number | null,
  reject?: number | null,
  edit?: number | null,
];

/** The row without the nulls it ends with. */
export function trimmed(data: Required<GridRowData>): GridRowData {
  const row: GridRowData = [...data];
  while (row.length > 10 && row.at(-1) === null) row.pop();
  return row;
}

export const timeData = (text: TimeText | null): TimeData | null =>
  text && (text.utc === text.local ? [Date.parse(text.iso), text.local] : [Date.parse(text.iso), text.local, text.utc]);
const timeText = (data: TimeData | null | undefined): TimeText | null =>
  data ? { iso: new Date(data[0]).toISOString(), local: data[1], utc: data[2] ?? data[1] } : null;

/** The row the grid reads from the row the server sent, its names looked up in the page's `names`. */
export function gridRowOf(data: GridRowData, names: readonly string[]): GridRow {
  const [
    id,
    version,
    name,
    email,
    isUnknownDomain,
    isQueue,
    status,
    incoming,
    outgoing,
    act,
    profile,
    approvedBy,
    lastTested,
    pendingSince,
    approve,
    reject,
    edit,
  ] = data;
  const named = (i: number | null | undefined) => (i == null ? null : names[i]!);
  return {
    id,
    version,
    name,
    email,
    isUnknownDomain: isUnknownDomain === 1,
    isQueue: isQueue === 1,
    status,
    incoming,
    outgoing,
    act,
    profile: named(profile),
    approvedBy: named(approvedBy),
    lastTested: timeText(lastTested),
    pendingSince: timeText(pendingSince),
    approve: approve ?? null,
    reject: reject ?? null,
    edit: edit ?? null,
  };
}
