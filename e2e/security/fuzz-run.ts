import type { APIRequestContext } from "@playwright/test";
import type { Send } from "./fuzz-requests";
import { readReply, type ActionReply } from "./server-actions";

/**
 * One request of a fuzz run, sent by `client` to `path` ("/" unless said). `isSignedOut`: the
 * client has no session, so the sign-in page is a right answer. `mayFailInFramework`: a body only
 * React's decoder can refuse (see undecodableRequest).
 */
export type FuzzJob = {
  who: string;
  action: string;
  client: APIRequestContext;
  path?: string;
  send: Send;
  isSignedOut?: boolean;
  mayFailInFramework?: boolean;
};
export type FuzzResult = { job: FuzzJob; label: string; reply: ActionReply | null };

/** An RSC row holding a thrown error: `1:E{"digest":"…"}`. */
const ERROR_ROW = /^[0-9a-f]+:E(\{.*)$/m;

/**
 * What is wrong with an answer to a malformed request, or null. A 5xx is wrong, and so is an error
 * row: an action that throws answers one (with 200 here). `notFound()` is an answer, not a failure:
 * its row carries Next's 404 digest. `redirect()` leaves no row but an `x-action-redirect` header;
 * one to the sign-in page means a signed-in client's session was lost.
 */
export function judge(reply: ActionReply, job: Pick<FuzzJob, "isSignedOut">): string | null {
  if (reply.status >= 500) return `status ${reply.status}: ${reply.body.slice(0, 300)}`;
  const row = ERROR_ROW.exec(reply.body)?.[1];
  if (row && !row.includes("NEXT_HTTP_ERROR_FALLBACK;404")) return `error row ${row.slice(0, 300)}`;
  if (!job.isSignedOut && (reply.redirect ?? "").startsWith("/sign-in"))
    return `sent to ${reply.redirect}: the session was lost`;
  return null;
}

/** A request the server never answers is a failure of the run, not a crash of it. */
async function sendOne(job: FuzzJob): Promise<FuzzResult> {
  try {
    const sent = await job.send(job.client, job.path ?? "/");
    return { job, label: sent.label, reply: await readReply(sent.response) };
  } catch (error) {
    return { job, label: String(error).slice(0, 200), reply: null };
  }
}

/** Sends every job, `concurrency` at a time; answers in the jobs' order. */
export async function sendAll(jobs: FuzzJob[], concurrency = 4): Promise<FuzzResult[]> {
  const results: FuzzResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await sendOne(jobs[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Each failure in a line, and how many answers had each status. */
export function summarize(
  results: FuzzResult[],
  problemOf: (result: FuzzResult & { reply: ActionReply }) => string | null,
) {
  const failures: string[] = [];
  const statuses: Record<string, number> = {};
  for (const result of results) {
    const status = result.reply ? String(result.reply.status) : "none";
    statuses[status] = (statuses[status] ?? 0) + 1;
    const problem = result.reply ? problemOf({ ...result, reply: result.reply }) : "no answer";
    if (problem) failures.push(`${result.job.who} ${result.job.action} (${result.label}): ${problem}`);
  }
  return { failures, statuses: Object.fromEntries(Object.entries(statuses).sort()) };
}
