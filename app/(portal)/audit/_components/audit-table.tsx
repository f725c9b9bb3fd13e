import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import { actionLabel, isRefusedAction } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import type { TargetPlace } from "@/lib/services/audit/target-links";
import { ScrollRegion } from "@/components/ui/scroll-region";
import { EventTarget } from "./event-target";

const COLUMNS = ["Seq", "When", "Actor", "Action", "Environment", "Target", "Reason"];

/**
 * Events newest first; each row's sequence number opens its detail panel (the open event lives
 * in the URL, so a link to it can be shared).
 */
export function AuditTable({
  rows,
  environmentNames,
  places,
  eventHref,
}: {
  rows: AuditEventRow[];
  environmentNames: ReadonlyMap<number, string>;
  places: ReadonlyMap<number, TargetPlace>;
  eventHref: (seq: number) => string;
}) {
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
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="px-3 py-6 text-center text-muted">
                No events match.
              </td>
            </tr>
          )}
          {rows.map((e) => (
            <tr key={e.seq} className="border-b border-line align-top last:border-0 hover:bg-surface-alt">
              <td className="px-3 py-2">
                <Link
                  href={eventHref(e.seq)}
                  scroll={false}
                  aria-label={`Open event ${e.seq}`}
                  className="font-semibold text-brand hover:underline"
                >
                  {e.seq}
                </Link>
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Time value={e.at} />
              </td>
              <td className="px-3 py-2">{e.actorUpn ?? "System"}</td>
              <td className={`px-3 py-2 ${isRefusedAction(e.action) ? "font-semibold text-danger" : ""}`}>
                {actionLabel(e.action)}
              </td>
              <td className="px-3 py-2">
                {e.environmentId === null
                  ? "Tenant"
                  : (environmentNames.get(e.environmentId) ?? `Environment ${e.environmentId}`)}
              </td>
              <td className="px-3 py-2">
                <EventTarget event={e} place={places.get(e.seq) ?? null} />
              </td>
              <td className="max-w-xs px-3 py-2 break-words">{e.reason ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
