import { DataTable } from "@/components/ui/data-table";
import { Time } from "@/components/time";
import { actionLabel } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";

function describe(json: string | null): string {
  if (!json) return "—";
  return Object.entries(JSON.parse(json) as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${v ?? "none"}`)
    .join(", ");
}

/** Audit events about one record, newest first (a user's Activity, a mailbox's History). */
export function ActivityList({ label, events }: { label: string; events: AuditEventRow[] }) {
  return (
    <DataTable
      label={label}
      rows={events}
      rowKey={(e) => e.seq}
      empty="No recorded activity yet."
      columns={[
        { header: "When", cell: (e) => <Time value={e.at} /> },
        { header: "Action", cell: (e) => actionLabel(e.action) },
        { header: "By", cell: (e) => e.actorUpn ?? "System" },
        { header: "Before", cell: (e) => describe(e.before) },
        { header: "After", cell: (e) => describe(e.after) },
        { header: "Reason", cell: (e) => e.reason ?? "—" },
      ]}
    />
  );
}
