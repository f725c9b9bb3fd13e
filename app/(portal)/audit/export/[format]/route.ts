import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { exportAuditEvents, openAuditLog } from "@/lib/services/audit/access";
import { parseAuditQuery } from "../../_components/audit-query";
import { CONTENT_TYPES, exportStream } from "./serialize";

const plain = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * The current filter's events as a CSV or JSON download, streamed. A route handler is a public
 * endpoint: it asks the same service as the page what this actor may read, and reads only that.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  if (format !== "csv" && format !== "json") return plain(404, "Not found.");
  const actor = await getActor();
  const now = new Date();
  const log = openAuditLog(actor, now);
  if (!log.ok) return plain(403, log.message);

  const search = request.nextUrl.searchParams;
  const query = parseAuditQuery(Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.get(key)!])));
  if (!query.filters) return plain(400, Object.values(query.errors).join(" "));

  const db = getDb();
  const { events, environmentNames, close } = await exportAuditEvents(db, log.scope, query.filters);
  const body = exportStream(events, format, environmentNames, close);
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
