import Link from "@/components/ui/link";
import type { ReactNode } from "react";
import { TimeWithTip } from "@/components/local-time";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { Badge } from "@/components/ui/badge";
import { MAILBOX_COLUMN_LABELS, type MailboxColumn } from "@/lib/policy/mailbox-columns";
import type { MailboxSort } from "@/lib/services/mailboxes/grid";
import type { TimeText } from "@/lib/time/time-text";
import type { GridRow } from "./grid-row";

type GridColumn = {
  id: MailboxColumn | "name" | "email" | "status" | "pendingSince";
  label: string;
  sort: MailboxSort;
  cell: (row: GridRow, slug: string) => ReactNode;
  testId?: string;
};

/**
 * A cell's text on one line: cut with an ellipsis at its column's width (`.clip-*` in
 * app/globals.css: one class instead of three utilities on each of a page's 100–150 cut cells), the
 * whole text on hover.
 */
const Clipped = ({ text, clip }: { text: string; clip: "email" | "email-flagged" | "profile" | "approver" }) => (
  <span className={`clip-${clip}`} title={text}>
    {text}
  </span>
);
// The tooltip's id from the row's: unique on the page, and short (it is written twice per cell).
const time = (text: TimeText | null, tipId: string) => (text ? <TimeWithTip text={text} tipId={tipId} /> : "—");
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
      <Link href={`/environments/${slug}/mailboxes/${row.id}`} title={row.name} className="clip-name">
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
          <Clipped text={row.email} clip="email-flagged" />
          <span title="Not one of the tenant's accepted domains: Exchange does not know it">
            <Badge tone="warning">Domain unknown</Badge>
          </span>
        </span>
      ) : (
        <Clipped text={row.email} clip="email" />
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
  optional("profile", "profile", (row) => (row.profile ? <Clipped text={row.profile} clip="profile" /> : "—")),
  // No approver yet (every row of the Pending view): a dash, with nothing to cut or show on hover.
  optional("approvedBy", "approvedBy", (row) =>
    row.approvedBy ? <Clipped text={row.approvedBy} clip="approver" /> : "—",
  ),
  optional("lastTested", "lastTested", (row) => time(row.lastTested, `lt-${row.id}`)),
];

/** The Pending view adds when each mailbox last entered Pending Approval. */
const PENDING_SINCE: GridColumn = {
  id: "pendingSince",
  label: "Pending since",
  sort: "pendingSince",
  cell: (row) => time(row.pendingSince, `ps-${row.id}`),
  testId: "pending-since",
};

/** The columns shown: the fixed ones, the optional ones the person has not hidden, in one order. */
export function gridColumns(hidden: readonly MailboxColumn[], isPendingView: boolean): GridColumn[] {
  const shown = COLUMNS.filter((c) => !(hidden as readonly string[]).includes(c.id));
  return isPendingView ? [...shown, PENDING_SINCE] : shown;
}
