import { actionLabel, isRefusedAction, targetTypeLabel } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import type { TargetPlace } from "@/lib/services/audit/target-links";
import { timeText, type TimeText } from "@/lib/time/time-text";
import { targetHref } from "./target-href";

/** An event's target as the log shows it: its label, its kind's name, and its page while it exists and the viewer may open it. */
export type TargetView = { label: string; type: string; href: string | null };

/**
 * One row of the events table, written out on the server: the table is a client component so
 * that the page's RSC payload carries these few strings instead of the rows' whole element tree
 * (which the HTML already holds), and the friendly names stay out of the browser's bundle.
 */
export type AuditTableRow = {
  seq: number;
  at: TimeText;
  actor: string;
  action: string;
  isRefused: boolean;
  environment: string;
  target: TargetView | null;
  reason: string;
};

export function targetView(e: AuditEventRow, place: TargetPlace | null): TargetView | null {
  if (!e.targetType) return null;
  const type = targetTypeLabel(e.targetType);
  return { label: e.targetLabel ?? `${type} ${e.targetId ?? ""}`.trim(), type, href: place && targetHref(place) };
}

export function auditTableRows(
  rows: readonly AuditEventRow[],
  places: ReadonlyMap<number, TargetPlace>,
  environmentNames: ReadonlyMap<number, string>,
  zone: string,
): AuditTableRow[] {
  return rows.map((e) => ({
    seq: e.seq,
    at: timeText(e.at, zone),
    actor: e.actorUpn ?? "System",
    action: actionLabel(e.action),
    isRefused: isRefusedAction(e.action),
    environment:
      e.environmentId === null ? "Tenant" : (environmentNames.get(e.environmentId) ?? `Environment ${e.environmentId}`),
    target: targetView(e, places.get(e.seq) ?? null),
    reason: e.reason ?? "—",
  }));
}
