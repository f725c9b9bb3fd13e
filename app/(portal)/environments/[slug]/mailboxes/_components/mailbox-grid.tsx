"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EmailStatusBadge, TestStatusBadge } from "@/components/mailbox-status";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import { formatDate, formatDateTime } from "@/lib/format";
import type { MailboxGridRow, MailboxSort, MailboxView } from "@/lib/services/mailboxes/grid";
import type { PendingAge } from "@/lib/services/mailboxes/pending-age";
import type { MailboxCommand } from "../command-actions";
import { ApprovalDialog, type Selection } from "./approval-dialog";
import { CommandDialog, COMMAND_TITLES } from "./command-dialog";

/** Each command's refusal for the row, or null: approve and reject by DOMAIN §3, the other commands by write on the mailbox. */
export type GridRow = MailboxGridRow & { approve: string | null; reject: string | null; edit: string | null };

const GRID_COMMANDS: MailboxCommand[] = ["test-and-enable", "apply-defaults", "edit", "activate", "deactivate"];

type Props = {
  slug: string;
  environmentId: number;
  view: MailboxView;
  q: string;
  age: PendingAge | null;
  digest: number | null;
  sort: MailboxSort;
  dir: "asc" | "desc";
  rows: GridRow[];
  total: number;
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
  rows: GridRow[],
  selected: Map<number, number>,
  isAllMatching: boolean,
  key: "approve" | "reject" | "edit",
): string | null {
  if (isAllMatching) return null;
  const chosen = rows.filter((r) => selected.has(r.id));
  if (chosen.length === 0) return "Select one or more mailboxes first.";
  const reasons = chosen.map((r) => r[key]);
  return reasons.every((r) => r !== null) ? reasons[0]! : null;
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
          disabledReason={refusalFor(rows, selected, isAllMatching, "approve")}
          onClick={() => setDialog("approve")}
        />
        <CommandButton
          label="Reject Email"
          disabledReason={refusalFor(rows, selected, isAllMatching, "reject")}
          onClick={() => setDialog("reject")}
        />
        {GRID_COMMANDS.map((command) => (
          <CommandButton
            key={command}
            label={COMMAND_TITLES[command]}
            disabledReason={refusalFor(rows, selected, isAllMatching, "edit")}
            onClick={() => setDialog(command)}
          />
        ))}
        <span className="ml-auto text-sm text-muted" aria-live="polite">
          {isAllMatching ? `All ${props.total} matching selected` : `${selected.size} selected`}
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
            Select all {props.total} matching
          </button>
        </p>
      )}
      <div className="overflow-x-auto rounded-card bg-surface shadow-card">
        <table className="w-full border-collapse text-left text-sm" aria-label="Mailboxes">
          <thead>
            <tr className="border-b border-line">
              <th scope="col" className="px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={isPageSelected}
                  onChange={togglePage}
                  className="h-4 w-4 accent-[var(--brand)]"
                />
              </th>
              {columns.map((c) => (
                <th
                  key={c.sort}
                  scope="col"
                  className="px-3 py-2 font-semibold"
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
                <td colSpan={columns.length + 1} className="px-3 py-6 text-center text-muted">
                  No mailboxes in this view.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr
                key={row.id}
                className={`border-b border-line last:border-0 ${selected.has(row.id) || isAllMatching ? "bg-brand-subtle" : "hover:bg-surface-alt"}`}
              >
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={isAllMatching || selected.has(row.id)}
                    onChange={() => toggle(row)}
                    className="h-4 w-4 accent-[var(--brand)]"
                  />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <Link
                    href={`/environments/${slug}/mailboxes/${row.id}`}
                    className="font-semibold text-brand hover:underline"
                  >
                    {row.name}
                  </Link>
                </td>
                <td className="px-3 py-2">{row.emailAddress}</td>
                <td className="px-3 py-2">{row.regardingType === "queue" ? "Queue" : "User"}</td>
                <td className="px-3 py-2">
                  <EmailStatusBadge status={row.emailStatus} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.incomingStatus} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.outgoingStatus} />
                </td>
                <td className="px-3 py-2">
                  <TestStatusBadge status={row.actStatus} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{row.serverProfileName ?? "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">{row.approvedByName ?? "—"}</td>
                <td className="px-3 py-2">{formatDate(row.testCompletedOn)}</td>
                {isPendingView && (
                  <td className="px-3 py-2 whitespace-nowrap" data-testid="pending-since">
                    {formatDateTime(row.pendingSince)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Mailbox pages" className="mt-3 flex items-center justify-between text-sm">
        <span className="text-muted">{props.total} mailboxes in this view</span>
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
        <ApprovalDialog operation={dialog} selection={selection} onClose={closeDialog} />
      )}
      {dialog && dialog !== "approve" && dialog !== "reject" && (
        <CommandDialog command={dialog} selection={selection} onClose={closeDialog} />
      )}
    </>
  );
}
