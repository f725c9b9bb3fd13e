import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewDelegations } from "@/lib/policy/access";
import { iterateTenantDelegations, type DelegationRow } from "@/lib/services/delegation/delegation-list";
import { listVisibleEnvironments } from "@/lib/services/settings/environments";
import { csvLine } from "../../../audit/export/[format]/serialize";
import { parseDelegationsQuery, toServiceQuery } from "../_components/delegations-query";

// Times are ISO 8601 in UTC whatever the viewer's zone, and their column names say so.
const HEADER = [
  "holder",
  "email",
  "environment",
  "can_approve",
  "why_not",
  "system_administrator",
  "assigned_by",
  "assigned_on_utc",
  "renewed_by",
  "renewed_on_utc",
  "ends_at_utc",
  "justification",
  "state",
  "last_approval_utc",
  "approvals_90_days",
];

const iso = (date: Date | null) => date?.toISOString() ?? null;
const record = (r: DelegationRow) =>
  csvLine([
    r.name,
    r.email,
    r.environmentName,
    r.canApprove.allowed ? "yes" : "no",
    r.canApprove.allowed ? null : r.canApprove.reason,
    r.isSystemAdministrator ? "yes" : "no",
    r.assignedBy,
    iso(r.assignedAt),
    r.renewedBy,
    iso(r.renewedAt),
    iso(r.endsAt),
    r.justification,
    r.state,
    iso(r.lastApprovalAt),
    r.recentApprovals,
  ]);

/**
 * The current view's delegations as a CSV download, every page of it. A route handler is a public
 * endpoint, so it checks the actor itself, exactly as the page does. It only reads.
 */
export async function GET(request: NextRequest) {
  const actor = await getActor();
  const now = new Date();
  const decision = decideViewDelegations(actor);
  if (!decision.allowed)
    return new Response(decision.message, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const search = request.nextUrl.searchParams;
  const view = parseDelegationsQuery(Object.fromEntries([...new Set(search.keys())].map((k) => [k, search.get(k)!])));
  const db = getDb();
  const environmentId = view.env
    ? ((await listVisibleEnvironments(db, actor, now)).find((e) => e.slug === view.env)?.id ?? 0)
    : null;
  const chunks = iterateTenantDelegations(db, actor, toServiceQuery(view, environmentId), now)!;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(HEADER)));
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(record).join("")));
    },
  });
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="delegations-${stamp}Z.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
