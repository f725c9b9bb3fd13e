"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { Badge } from "@/components/ui/badge";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import type { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import type { MailboxSort, MailboxView } from "@/lib/services/mailboxes/grid";
import type { PendingAge } from "@/lib/services/mailboxes/pending-age";
import type { MailboxCommand } from "../command-actions";
import { ApprovalDialog, type Selection } from "./approval-dialog";
import { CommandDialog, COMMAND_TITLES } from "./command-dialog";
import { ScrollRegion } from "@/components/ui/scroll-region";

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
  lastTested: string | null;
  /** When it last entered Pending Approval, formatted; shown in the Pending view. */
  pendingSince: string | null;
  approve: number | null;
  reject: number | null;
  edit: number | null;
};

const GRID_COMMANDS: MailboxCommand[] = ["test-and-enable", "apply-defaults", "edit", "activate", "deactivate"];

type Props = {
  slug: string;
  environmentId: number;
  view: MailboxView;
  q: string;
  /** The Pending view's filters: an age bucket, or one digest's mailboxes. */
  age: PendingAge | null;
  digest: number | null;
  sort: MailboxSort;
  dir: "asc" | "desc";
  rows: GridRow[];
  refusals: string[];
  total: number;
  /** The total stopped counting (a search with more matches than that): shown as "10000+". */
  isTotalCapped: boolean;
  nextCursor: string | null;
  previousCursor: string | null;
};

const COLUMNS: { label: string; sort: MailboxSort }[] = [
  { label: "Name", sort: "name" },
  { label: "Email address", sort: "email" },
  { label: "Regarding", sort: "regarding" },
  { label: "Email address status", sort: "status" },
  { label: "Incoming", sort: "incoming" },
  { label: "Outgoing", sort: "outgoing" },
  { label: "Appointments, contacts, tasks", sort: "act" },
  { label: "Server profile", sort: "profile" },
  { label: "Approved by", sort: "approvedBy" },
  { label: "Last tested", sort: "lastTested" },
];
/** The Pending view adds when each mailbox last entered Pending Approval. */
const PENDING_COLUMNS = [...COLUMNS, { label: "Pending since", sort: "pendingSince" as const }];

/** Why a command is unavailable for the current selection, or null when it may run. */
function refusalFor(
  { rows, refusals }: Pick<Props, "rows" | "refusals">,
  selected: Map<number, number>,
  isAllMatching: boolean,
  key: "approve" | "reject" | "edit",
): string | null {
  if (isAllMatching) return null;
  const chosen = rows.filter((r) => selected.has(r.id));
  if (chosen.length === 0) return "Select one or more mailboxes first.";
  const reasons = chosen.map((r) => r[key]);
  return reasons.every((r) => r !== null) ? refusals[reasons[0]!]! : null;
}

export function MailboxGrid(props: Props) {
  const { rows, slug } = props;
  const [selected, setSelected] = useState(new Map<number, number>());
  const [isAllMatching, setIsAllMatching] = useState(false);
  const [dialog, setDialog] = useState<"approve" | "reject" | MailboxCommand | null>(null);
  const pathname = usePathname();
  const router = useRouter();
  const search = useSearchParams();
  const isPageSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const isPendingView = props.view === "pending";
  const columns = isPendingView ? PENDING_COLUMNS : COLUMNS;

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `${pathname}?${next.toString()}`;
  };
  const toggle = (row: GridRow) => {
    const next = new Map(selected);
    if (next.has(row.id)) next.delete(row.id);
    else next.set(row.id, row.version);
    setSelected(next);
    setIsAllMatching(false);
  };
  const togglePage = () => {
    setSelected(isPageSelected ? new Map() : new Map(rows.map((r) => [r.id, r.version])));
    setIsAllMatching(false);
  };
  const closeDialog = (didRun: boolean) => {
    setDialog(null);
    if (didRun) {
      setSelected(new Map());
      setIsAllMatching(false);
      // A background run went on while the dialog was open: show the rows and its notice as they are now.
      router.refresh();
    }
  };
  const total = `${props.total}${props.isTotalCapped ? "+" : ""}`;
  const selection: Selection = isAllMatching
    ? {
        environmentId: props.environmentId,
        slug,
        matching: {
          view: props.view,
          q: props.q,
          ...(props.age ? { age: props.age } : {}),
          ...(props.digest ? { digest: props.digest } : {}),
        },
        count: props.total,
        isCountCapped: props.isTotalCapped,
      }
    : {
        environmentId: props.environmentId,
        slug,
        items: [...selected].map(([id, version]) => ({ id, version })),
        count: selected.size,
      };

  return (
    <>
      <CommandBar label="Mailbox commands">
        <CommandButton
          label="Approve Email"
          disabledReason={refusalFor(props, selected, isAllMatching, "approve")}
          onClick={() => setDialog("approve")}
        />
        <CommandButton
          label="Reject Email"
          disabledReason={refusalFor(props, selected, isAllMatching, "reject")}
          onClick={() => setDialog("reject")}
        />
        {GRID_COMMANDS.map((command) => (
          <CommandButton
            key={command}
            label={COMMAND_TITLES[command]}
            disabledReason={refusalFor(props, selected, isAllMatching, "edit")}
            onClick={() => setDialog(command)}
          />
        ))}
        <span className="ml-auto text-sm text-muted" aria-live="polite">
          {isAllMatching ? `All ${total} matching selected` : `${selected.size} selected`}
        </span>
      </CommandBar>
      {isPageSelected && !isAllMatching && props.total > rows.length && (
        <p className="mb-2 text-sm">
          All {rows.length} on this page are selected.{" "}
          <button
            type="button"
            className="font-semibold text-brand hover:underline"
            onClick={() => setIsAllMatching(true)}
          >
            Select all {total} matching
          </button>
        </p>
      )}
      <ScrollRegion label="Mailboxes">
        <table className="data-grid w-full border-collapse text-left text-sm" aria-label="Mailboxes">
          <thead>
            <tr className="border-b border-line">
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={isPageSelected}
                  onChange={togglePage}
                />
              </th>
              {columns.map((c) => (
                <th
                  key={c.sort}
                  scope="col"
                  className="font-semibold"
                  aria-sort={c.sort === props.sort ? (props.dir === "asc" ? "ascending" : "descending") : undefined}
                >
                  <Link
                    href={hrefWith({
                      sort: c.sort,
                      dir: c.sort === props.sort && props.dir === "asc" ? "desc" : "asc",
                      after: null,
                      before: null,
                    })}
                    className="hover:underline"
                  >
                    {c.label}
                    {c.sort === props.sort ? (props.dir === "asc" ? " ↑" : " ↓") : ""}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length + 1} className="py-6 text-center text-muted">
                  No mailboxes in this view.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.id} data-selected={selected.has(row.id) || isAllMatching || undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={isAllMatching || selected.has(row.id)}
                    onChange={() => toggle(row)}
                  />
                </td>
                <td className="whitespace-nowrap">
                  <Link href={`/environments/${slug}/mailboxes/${row.id}`}>{row.name}</Link>
                </td>
                <td>
                  {row.email}
                  {row.isUnknownDomain && (
                    <span className="block">
                      <Badge tone="warning">Domain unknown to Exchange</Badge>
                    </span>
                  )}
                </td>
                <td>{row.isQueue ? "Queue" : "User"}</td>
                <td>
                  <EmailStatusBadge status={row.status} />
                </td>
                <td>
                  <TestStatusBadge status={row.incoming} />
                </td>
                <td>
                  <TestStatusBadge status={row.outgoing} />
                </td>
                <td>
                  <TestStatusBadge status={row.act} />
                </td>
                <td className="whitespace-nowrap">{row.profile ?? "—"}</td>
                <td className="whitespace-nowrap">{row.approvedBy ?? "—"}</td>
                <td>{row.lastTested ?? "—"}</td>
                {isPendingView && (
                  <td className="whitespace-nowrap" data-testid="pending-since">
                    {row.pendingSince ?? "—"}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <nav aria-label="Mailbox pages" className="mt-3 flex items-center justify-between text-sm">
        <span className="text-muted">{total} mailboxes in this view</span>
        <span className="flex gap-2">
          {props.previousCursor ? (
            <Link
              className="rounded-control border border-line bg-surface px-3 py-1.5 font-semibold"
              href={hrefWith({ before: props.previousCursor, after: null })}
            >
              Previous
            </Link>
          ) : null}
          {props.nextCursor ? (
            <Link
              className="rounded-control border border-line bg-surface px-3 py-1.5 font-semibold"
              href={hrefWith({ after: props.nextCursor, before: null })}
            >
              Next
            </Link>
          ) : null}
        </span>
      </nav>
      {(dialog === "approve" || dialog === "reject") && (
        <ApprovalDialog
          operation={dialog}
          selection={selection}
          onClose={closeDialog}
          unknownDomains={
            isAllMatching ? [] : rows.filter((r) => selected.has(r.id) && r.isUnknownDomain).map((r) => r.email)
          }
        />
      )}
      {dialog && dialog !== "approve" && dialog !== "reject" && (
        <CommandDialog command={dialog} selection={selection} onClose={closeDialog} />
      )}
    </>
  );
}
