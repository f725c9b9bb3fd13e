import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewAuditLog } from "@/lib/policy/access";
import { auditScope } from "@/lib/policy/audit-visibility";
import { listAuditEnvironments, openAuditReader, streamAuditEvents } from "@/lib/services/audit/search";
import { parseAuditQuery } from "../../_components/audit-query";
import { CONTENT_TYPES, exportStream } from "./serialize";

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The current filter's events as a CSV or JSON download, streamed. A route handler is a public
 * endpoint, so it checks the actor and their scope itself, exactly as the page does.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  if (format !== "csv" && format !== "json") return plain(404, "Not found.");
  const actor = await getActor();
  const now = new Date();
  const decision = decideViewAuditLog(actor, now);
  if (!decision.allowed) return plain(403, decision.message);

  const search = request.nextUrl.searchParams;
  const query = parseAuditQuery(Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.get(key)!])));
  if (!query.filters) return plain(400, Object.values(query.errors).join(" "));

  const db = getDb();
  const scope = auditScope(actor, now);
  const names = new Map(listAuditEnvironments(db, scope).map((env) => [env.id, env.name]));
  const reader = openAuditReader(db);
  const body = exportStream(streamAuditEvents(reader, scope, query.filters), format, names, () =>
    reader.$client.close(),
  );
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="audit-log-${stamp}Z.${format}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
