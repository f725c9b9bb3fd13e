"use client";

import Link from "@/components/ui/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { CommandBar } from "@/components/ui/command-bar";
import { CommandButton } from "@/components/ui/command-button";
import type { MailboxColumn } from "@/lib/policy/mailbox-columns";
import type { MailboxSort, MailboxView } from "@/lib/services/mailboxes/grid";
import type { PendingAge } from "@/lib/services/mailboxes/pending-age";
import type { MailboxCommand } from "../command-actions";
import { ApprovalDialog, type Selection } from "./approval-dialog";
import { ColumnChooser } from "./column-chooser";
import { gridColumns } from "./grid-columns";
import { gridRowOf, type GridRow, type GridRowData } from "./grid-row";
import { CommandDialog, COMMAND_TITLES } from "./command-dialog";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { RunSummaryNotice, type RunSummary } from "./run-summary-notice";
import { useGridKeys } from "@/components/ui/use-grid-keys";

export type { GridRowData } from "./grid-row";

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
  rows: GridRowData[];
  refusals: string[];
  /** The server profiles' and approvers' names the rows point into. */
  names: string[];
  total: number;
  /** The total stopped counting (a search with more matches than that): shown as "10000+". */
  isTotalCapped: boolean;
  nextCursor: string | null;
  previousCursor: string | null;
  /** The optional columns this person hides (the Columns menu). */
  hiddenColumns: MailboxColumn[];
};

/** Why a command is unavailable for the current selection, or null when it may run. */
function refusalFor(
  rows: GridRow[],
  refusals: string[],
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
  const { slug } = props;
  const rows = useMemo(() => props.rows.map((row) => gridRowOf(row, props.names)), [props.rows, props.names]);
  const [selected, setSelected] = useState(new Map<number, number>());
  const [isAllMatching, setIsAllMatching] = useState(false);
  const [dialog, setDialog] = useState<"approve" | "reject" | MailboxCommand | null>(null);
  const [lastRun, setLastRun] = useState<RunSummary | null>(null);
  const pathname = usePathname();
  const router = useRouter();
  const search = useSearchParams();
  const isPageSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const isPendingView = props.view === "pending";
  const [hiddenColumns, setHiddenColumns] = useState(props.hiddenColumns);
  const columns = gridColumns(hiddenColumns, isPendingView);
  const gridKeys = useGridKeys();

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
  const closeDialog = (didRun: boolean, summary?: RunSummary | null) => {
    setDialog(null);
    if (summary) setLastRun(summary);
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
      {lastRun && <RunSummaryNotice summary={lastRun} onDismiss={() => setLastRun(null)} />}
      <CommandBar label="Mailbox commands">
        <CommandButton
          label="Approve Email"
          disabledReason={refusalFor(rows, props.refusals, selected, isAllMatching, "approve")}
          onClick={() => setDialog("approve")}
        />
        <CommandButton
          label="Reject Email"
          disabledReason={refusalFor(rows, props.refusals, selected, isAllMatching, "reject")}
          onClick={() => setDialog("reject")}
        />
        {GRID_COMMANDS.map((command) => (
          <CommandButton
            key={command}
            label={COMMAND_TITLES[command]}
            disabledReason={refusalFor(rows, props.refusals, selected, isAllMatching, "edit")}
            onClick={() => setDialog(command)}
          />
        ))}
        <ColumnChooser hidden={hiddenColumns} onChange={setHiddenColumns} />
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
        <table
          {...gridKeys}
          role="grid"
          aria-label="Mailboxes"
          aria-multiselectable="true"
          className="data-grid w-full border-collapse text-left text-sm"
        >
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
                  key={c.id}
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
          {/* Every cell on one line: said once here, inherited, instead of on each of 500 cells. */}
          <tbody className="whitespace-nowrap">
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length + 1} className="py-6 text-center text-muted">
                  No mailboxes in this view.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr
                key={row.id}
                aria-selected={selected.has(row.id) || isAllMatching}
                data-selected={selected.has(row.id) || isAllMatching || undefined}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.name}`}
                    checked={isAllMatching || selected.has(row.id)}
                    onChange={() => toggle(row)}
                  />
                </td>
                {columns.map((c) => (
                  <td key={c.id} data-testid={c.testId}>
                    {c.cell(row, slug)}
                  </td>
                ))}
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
