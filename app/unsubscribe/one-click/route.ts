import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { originFromHeaders } from "@/lib/auth/origin";
import { unsubscribeWithLink } from "@/lib/services/notifications";
import { parseUnsubscribeLink } from "../link";

/**
 * One-click unsubscribe (RFC 8058): a mail client POSTs here with the link from the email's
 * List-Unsubscribe header, and so does the button on the link's page. The signed link is the only
 * authority (no cookie is read), so proxy.ts lets it through without an Origin header.
 */
export async function POST(request: NextRequest) {
  const link = parseUnsubscribeLink(request.nextUrl.searchParams);
  const result = link
    ? await unsubscribeWithLink(getDb(), link, { origin: originFromHeaders(request.headers), now: new Date() })
    : null;
  if (!link || !result?.ok)
    return new Response("Not found.", { status: 404, headers: { "Cache-Control": "no-store" } });
  // A person's browser goes back to the page, which now says it is done; a mail client gets a plain answer.
  if (request.headers.get("accept")?.includes("text/html"))
    return new Response(null, {
      status: 303,
      headers: { Location: `/unsubscribe?${request.nextUrl.searchParams}`, "Cache-Control": "no-store" },
    });
  return new Response(result.message, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
