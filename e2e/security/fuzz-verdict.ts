import type { ActionReply } from "./server-actions";

/** An RSC row holding a thrown error: `1:E{"digest":"…"}`. */
const ERROR_ROW = /^[0-9a-f]+:E(\{.*)$/m;

/**
 * What is wrong with an answer to a malformed request, or null. A 5xx is wrong, and so is an error
 * row (an action that threw answers one, with 200 or 500). `notFound()` is an answer, not a failure:
 * its row carries Next's 404 digest. `redirect()` is no row at all but an `x-action-redirect` header;
 * a redirect to the sign-in page means the session was lost, which only sign-out may do.
 */
export function judge(reply: ActionReply, isSignOut: boolean): string | null {
  if (reply.status >= 500) return `status ${reply.status}: ${reply.body.slice(0, 300)}`;
  const row = ERROR_ROW.exec(reply.body)?.[1];
  if (row && !row.includes("NEXT_HTTP_ERROR_FALLBACK;404")) return `error row ${row.slice(0, 300)}`;
  const location = reply.redirect ?? "";
  if (!isSignOut && location.startsWith("/sign-in")) return `sent to ${location}: the session was lost`;
  return null;
}
