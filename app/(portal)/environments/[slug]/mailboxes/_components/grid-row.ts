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
 * quoted and escaped, were half of each row's bytes (issue 20).
 */
export type GridRowData = [
  id: number,
  version: number,
  name: string,
  email: string,
  isUnknownDomain: boolean,
  isQueue: boolean,
  status: EmailStatus,
  incoming: TestStatus,
  outgoing: TestStatus,
  act: TestStatus,
  profile: string | null,
  approvedBy: string | null,
  lastTested: TimeData | null,
  pendingSince: TimeData | null,
  approve: number | null,
  reject: number | null,
  edit: number | null,
];

export const timeData = (text: TimeText | null): TimeData | null =>
  text && (text.utc === text.local ? [Date.parse(text.iso), text.local] : [Date.parse(text.iso), text.local, text.utc]);
const timeText = (data: TimeData | null): TimeText | null =>
  data && { iso: new Date(data[0]).toISOString(), local: data[1], utc: data[2] ?? data[1] };

/** The row the grid reads from the row the server sent. */
export function gridRowOf(data: GridRowData): GridRow {
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
  return {
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
    lastTested: timeText(lastTested),
    pendingSince: timeText(pendingSince),
    approve,
    reject,
    edit,
  };
}
