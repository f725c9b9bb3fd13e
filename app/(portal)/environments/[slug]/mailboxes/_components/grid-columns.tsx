import Link from "@/components/ui/link";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/local-time";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { Badge } from "@/components/ui/badge";
import type { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { MAILBOX_COLUMN_LABELS, type MailboxColumn } from "@/lib/policy/mailbox-columns";
import type { MailboxSort } from "@/lib/services/mailboxes/grid";
import type { TimeText } from "@/lib/time/time-text";

/**
 * One row, as compact as it stays readable (grid-rows.ts builds it). `approve`, `reject`, `edit`:
 * the index of the command's refusal in the page's `refusals`, or null when it may run (approve and
 * reject by DOMAIN §3, the other commands by write on the mailbox).
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

type GridColumn = {
  id: MailboxColumn | "name" | "email" | "status" | "pendingSince";
  label: string;
  sort: MailboxSort;
  cell: (row: GridRow, slug: string) => ReactNode;
  testId?: string;
};

/** A cell's text on one line: cut with an ellipsis, the whole text on hover. */
const Clipped = ({ text, width }: { text: string; width: string }) => (
  <span className={`block truncate ${width}`} title={text}>
    {text}
  </span>
);
const time = (text: TimeText | null) => (text ? <LocalTime text={text} /> : "—");
const optional = (id: MailboxColumn, sort: MailboxSort, cell: GridColumn["cell"]): GridColumn => ({
  id,
  label: MAILBOX_COLUMN_LABELS[id],
  sort,
  cell,
});

const COLUMNS: GridColumn[] = [
  {
    id: "name",
    label: "Name",
    sort: "name",
    cell: (row, slug) => (
      <Link href={`/environments/${slug}/mailboxes/${row.id}`} title={row.name} className="block max-w-52 truncate">
        {row.name}
      </Link>
    ),
  },
  {
    id: "email",
    label: "Email address",
    sort: "email",
    // A flagged address keeps its row one line high: the badge sits beside it, the address cut shorter.
    cell: (row) =>
      row.isUnknownDomain ? (
        <span className="flex items-center gap-1 whitespace-nowrap">
          <Clipped text={row.email} width="max-w-24" />
          <span title="Not one of the tenant's accepted domains: Exchange does not know it">
            <Badge tone="warning">Domain unknown</Badge>
          </span>
        </span>
      ) : (
        <Clipped text={row.email} width="max-w-56" />
      ),
  },
  optional("regarding", "regarding", (row) => (row.isQueue ? "Queue" : "User")),
  {
    id: "status",
    label: "Email address status",
    sort: "status",
    cell: (row) => <EmailStatusBadge status={row.status} />,
  },
  optional("incoming", "incoming", (row) => <TestStatusBadge status={row.incoming} />),
  optional("outgoing", "outgoing", (row) => <TestStatusBadge status={row.outgoing} />),
  optional("act", "act", (row) => <TestStatusBadge status={row.act} />),
  optional("profile", "profile", (row) => <Clipped text={row.profile ?? "—"} width="max-w-48" />),
  optional("approvedBy", "approvedBy", (row) => <Clipped text={row.approvedBy ?? "—"} width="max-w-40" />),
  optional("lastTested", "lastTested", (row) => time(row.lastTested)),
];

/** The Pending view adds when each mailbox last entered Pending Approval. */
const PENDING_SINCE: GridColumn = {
  id: "pendingSince",
  label: "Pending since",
  sort: "pendingSince",
  cell: (row) => time(row.pendingSince),
  testId: "pending-since",
};

/** The columns shown: the fixed ones, the optional ones the person has not hidden, in one order. */
export function gridColumns(hidden: readonly MailboxColumn[], isPendingView: boolean): GridColumn[] {
  const shown = COLUMNS.filter((c) => !(hidden as readonly string[]).includes(c.id));
  return isPendingView ? [...shown, PENDING_SINCE] : shown;
}
