// The REST API half of the benchmark (issue 15): its mailbox pages load-tested beside the HTML
// grid's, and 10,000 mailboxes approved through it (POST, 202, the job followed to its end).

export const API_PAGE_KEYS = ["api-mailboxes", "api-deep", "api-500"];

/** The API's pages: the grid's first page, ~90,000 rows deep, and 500 a page, each as JSON. */
export function apiPages(facts, secret) {
  const headers = { authorization: `Bearer ${secret}` };
  // The API's cursor is the grid's keyset position with the order it belongs to (lib/api/cursor.ts).
  const [name, id] = JSON.parse(Buffer.from(facts.deepCursor, "base64url").toString());
  const deep = Buffer.from(JSON.stringify(["name:asc", name, id])).toString("base64url");
  const path = `/api/v1/environments/${facts.slug}/mailboxes`;
  const marker = '"nextCursor":"';
  return [
    { key: "api-mailboxes", name: "API: mailboxes, first page (50)", path, marker, headers },
    {
      key: "api-deep",
      name: `API: mailboxes, row ~${facts.deepRow.toLocaleString("en")}`,
      path: `${path}?cursor=${deep}`,
      marker,
      headers,
    },
    { key: "api-500", name: "API: mailboxes, 500 a page", path: `${path}?limit=500`, marker, headers },
  ];
}

/** POST approve with 10,000 ids (what a script sends), then GET the job until it has ended. */
export async function approveThroughApi(base, facts, { secret, approveIds }) {
  const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
  const started = performance.now();
  const response = await fetch(`${base}/api/v1/environments/${facts.slug}/mailboxes/approve`, {
    method: "POST",
    headers,
    body: JSON.stringify({ items: approveIds.map((id) => ({ id })) }),
  });
  const startedJob = await response.json();
  if (response.status !== 202) throw new Error(`approve answered ${response.status}: ${JSON.stringify(startedJob)}`);
  const acceptedMs = performance.now() - started;
  let polls = 0;
  for (;;) {
    const job = await (await fetch(`${base}${startedJob.href}`, { headers })).json();
    polls += 1;
    if (!job.isActive) {
      if (job.status !== "succeeded" || job.counts.changed !== approveIds.length)
        throw new Error(`the API's job ended ${job.status}: ${JSON.stringify(job.counts)}`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const round = (ms) => Math.round(ms * 10) / 10;
  return {
    api_approve_10k_ms: round(performance.now() - started),
    api_approve_accepted_ms: round(acceptedMs),
    api_approve_polls: polls,
  };
}
