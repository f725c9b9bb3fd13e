import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/current-actor";
import { openAuditLog } from "@/lib/services/audit/access";
import { auditFilterChoices } from "@/lib/services/audit/filter-choices";
import { getAuditEvent, listAuditEnvironments, searchAuditEvents } from "@/lib/services/audit/search";
import { findTargetPlaces } from "@/lib/services/audit/target-links";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { AuditCommands } from "./_components/audit-commands";
import { AuditFilters } from "./_components/audit-filters";
import { AuditPager } from "./_components/audit-pager";
import { auditHref, exportHref, parseAuditQuery } from "./_components/audit-query";
import { auditTableRows } from "./_components/audit-rows";
import { AuditTable } from "./_components/audit-table";
import { EventDetail } from "./_components/event-detail";
import { EventPanel } from "./_components/event-panel";

export const metadata: Metadata = { title: "Audit log · Mailgate" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditLogPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await getActor();
  const now = new Date();
  const log = openAuditLog(actor, now);
  const header = (
    <PageHeader
      crumbs={[{ label: "Tenant" }, { label: "Audit log" }]}
      title="Audit log"
      description="Every change, recorded in the same transaction as the change, hash-chained with a key and anchored in signed checkpoints. Newest first."
    />
  );
  if (!log.ok) {
    return (
      <>
        {header}
        <Notice tone="warning" title="You cannot see the audit log">
          {log.message}
        </Notice>
      </>
    );
  }

  const query = parseAuditQuery(await searchParams);
  const db = getDb();
  const { scope } = log;
  const environments = await listAuditEnvironments(db, scope);
  const environmentNames = new Map(environments.map((env) => [env.id, env.name]));
  const page = query.filters ? await searchAuditEvents(db, scope, query.filters, query.cursor) : null;
  const event = query.event === undefined ? null : await getAuditEvent(db, scope, query.event);
  // Links to the records the events concern, where they still exist and the viewer may open them.
  const places = await findTargetPlaces(db, actor, now, [...(page?.rows ?? []), ...(event ? [event] : [])]);
  // The list's own address, so closing the panel returns to the same page of results.
  const listHref = auditHref(query.values, query.cursor);
  // A row's event is the list's address and `event` (auditHref puts it last).
  const eventHrefPrefix = `${listHref}${listHref.includes("?") ? "&" : "?"}event=`;

  return (
    <>
      {header}
      <AuditCommands csvHref={exportHref(query.values, "csv")} jsonHref={exportHref(query.values, "json")} />
      <AuditFilters
        values={query.values}
        errors={query.errors}
        environments={environments}
        {...await auditFilterChoices(db)}
      />
      {page ? (
        <>
          <AuditTable
            rows={auditTableRows(page.rows, places, environmentNames, await viewerTimeZone())}
            eventHrefPrefix={eventHrefPrefix}
          />
          <AuditPager
            count={page.rows.length}
            newerHref={page.newerCursor === null ? null : auditHref(query.values, { after: page.newerCursor })}
            olderHref={page.olderCursor === null ? null : auditHref(query.values, { before: page.olderCursor })}
          />
        </>
      ) : (
        <Notice tone="warning" title="Check the filters">
          Correct the highlighted filters to see events.
        </Notice>
      )}
      {query.event !== undefined && (
        <EventPanel title={`Event ${query.event}`} closeHref={listHref}>
          {event ? (
            <EventDetail
              event={event}
              place={places.get(event.seq) ?? null}
              environmentName={
                event.environmentId === null ? null : (environmentNames.get(event.environmentId) ?? null)
              }
            />
          ) : (
            <p>Not found.</p>
          )}
        </EventPanel>
      )}
    </>
  );
}
