"use client";

import Link from "@/components/ui/link";
import { LocalTime } from "@/components/local-time";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { AuditTableRow } from "./audit-rows";
import { EventTarget } from "./event-target";

const COLUMNS = ["Seq", "When", "Actor", "Action", "Environment", "Target", "Reason"];

/** The rows' and cells' look, said once for the body instead of on each of its ~400 elements. */
const ROWS =
  "*:border-b *:border-line *:align-top *:last:border-0 *:hover:bg-surface-alt [&>tr>td]:px-3 [&>tr>td]:py-2";

/**
 * Events newest first; each row's sequence number opens its detail panel (the open event lives
 * in the URL, so a link to it can be shared). A client component only so that its rows travel as data
 * (see AuditTableRow); it has no state.
 */
export function AuditTable({ rows, eventHrefPrefix }: { rows: AuditTableRow[]; eventHrefPrefix: string }) {
  return (
    <ScrollRegion label="Audit events">
      <table className="w-full border-collapse text-left text-sm" aria-label="Audit events">
        <thead>
          <tr className="border-b border-line">
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {rows.length === 0 ? (
          <tbody>
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-muted">
                No events match.
              </td>
            </tr>
          </tbody>
        ) : (
          <tbody className={ROWS}>
            {rows.map((e) => (
              <tr key={e.seq}>
                <td>
                  <Link
                    href={`${eventHrefPrefix}${e.seq}`}
                    scroll={false}
                    aria-label={`Open event ${e.seq}`}
                    className="font-semibold text-brand hover:underline"
                  >
                    {e.seq}
                  </Link>
                </td>
                <td className="whitespace-nowrap">
                  <LocalTime text={e.at} />
                </td>
                <td>{e.actor}</td>
                <td className={e.isRefused ? "font-semibold text-danger" : undefined}>{e.action}</td>
                <td>{e.environment}</td>
                <td>
                  <EventTarget target={e.target} />
                </td>
                <td className="max-w-xs break-words">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </ScrollRegion>
  );
}
