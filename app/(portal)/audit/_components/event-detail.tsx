import type { ReactNode } from "react";
import { Time } from "@/components/time";
import { actionLabel } from "@/lib/policy/audit-names";
import type { AuditEventRow } from "@/lib/services/audit/queries";
import type { TargetPlace } from "@/lib/services/audit/target-links";
import { describeChanges, describeOutcome } from "./changes";
import { targetView } from "./audit-rows";
import { EventTarget } from "./event-target";

/** Every field of one event, with before/after as a list of changes. */
export function EventDetail({
  event: e,
  environmentName,
  place,
}: {
  event: AuditEventRow;
  environmentName: string | null;
  place: TargetPlace | null;
}) {
  const changes = describeChanges(e.before, e.after);
  const outcome = describeOutcome(e.action, e.after);
  return (
    <div className="space-y-5 text-sm">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2">
        <Item term="Sequence">{e.seq}</Item>
        <Item term="When">
          <Time value={e.at} /> <span className="text-muted">({e.at.toISOString()})</span>
        </Item>
        <Item term="Actor">{e.actorUpn ? `${e.actorUpn} (user ${e.actorId})` : "System"}</Item>
        <Item term="Action">
          {actionLabel(e.action)} <span className="font-mono text-xs text-muted">({e.action})</span>
        </Item>
        {outcome.allowedBy && <Item term="Allowed by">{outcome.allowedBy}</Item>}
        {outcome.refusal && <Item term="Refused with">{outcome.refusal}</Item>}
        <Item term="Environment">
          {e.environmentId === null ? "Tenant" : `${environmentName ?? "Environment"} (${e.environmentId})`}
        </Item>
        <Item term="Target">
          <EventTarget target={targetView(e, place)} />
        </Item>
        <Item term="Reason">{e.reason ?? "—"}</Item>
        <Item term="Client IP">{e.clientIp ?? "—"}</Item>
        <Item term="User agent">{e.userAgent ?? "—"}</Item>
        <Item term="API token">{e.tokenId === null ? "—" : `${e.tokenName ?? "—"} (token ${e.tokenId})`}</Item>
      </dl>

      <section aria-labelledby="event-changes">
        <h3 id="event-changes" className="mb-2 font-semibold">
          Before → after
        </h3>
        {changes.length === 0 ? (
          <p className="text-muted">No field values were recorded for this event.</p>
        ) : (
          <ul aria-label="Changes" className="space-y-1">
            {changes.map((c) => (
              <li key={c.field}>
                <span className="font-semibold">{c.field}</span>: {c.before} → {c.after}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="event-chain">
        <h3 id="event-chain" className="mb-2 font-semibold">
          Hash chain
        </h3>
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 font-mono text-xs break-all">
          <Item term="Hash">{e.hash}</Item>
          <Item term="Previous hash">{e.prevHash}</Item>
        </dl>
      </section>
    </div>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-sans text-sm font-semibold">{term}</dt>
      <dd className="break-words">{children}</dd>
    </>
  );
}
