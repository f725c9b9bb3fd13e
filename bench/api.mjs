// The REST API half of the benchmark (issue 15): its mailbox pages load-tested beside the HTML
// grid's, and 10,000 mailboxes approved through it (POST, 202, the job followed to its end).
import http from "node:http";

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

/**
 * One request on a connection of its own: the load test's kept-alive connections sit idle while the
 * SQL is timed, and the server closes them after its keep-alive timeout, which a reused one would
 * meet as "other side closed".
 */
function request(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** POST approve with 10,000 ids (what a script sends), then GET the job until it has ended. */
export async function approveThroughApi(base, facts, { secret, approveIds }) {
  if (approveIds.length !== 10_000)
    throw new Error(`only ${approveIds.length} mailboxes left for the API to approve: build the dataset anew`);
  const auth = { authorization: `Bearer ${secret}` };
  const body = JSON.stringify({ items: approveIds.map((id) => ({ id })) });
  const started = performance.now();
  const answer = await request(`${base}/api/v1/environments/${facts.slug}/mailboxes/approve`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    body,
  });
  if (answer.status !== 202) throw new Error(`approve answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const acceptedMs = performance.now() - started;
  let polls = 0;
  for (;;) {
    const job = (await request(`${base}${answer.body.href}`, { headers: auth })).body;
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
