import Link from "@/components/ui/link";
import { targetTypeLabel } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import type { TargetPlace } from "@/lib/services/audit/target-links";
import { targetHref } from "./target-href";

/** An event's target: a link to its page while it exists and the viewer may open it, else its label as recorded. */
export function EventTarget({ event: e, place }: { event: AuditEventRow; place: TargetPlace | null }) {
  if (!e.targetType) return <>—</>;
  const label = e.targetLabel ?? `${targetTypeLabel(e.targetType)} ${e.targetId ?? ""}`.trim();
  return (
    <>
      {place ? (
        <Link href={targetHref(place)} className="text-brand hover:underline">
          {label}
        </Link>
      ) : (
        label
      )}
      <span className="block text-xs text-muted">{targetTypeLabel(e.targetType)}</span>
    </>
  );
}
