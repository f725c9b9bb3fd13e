import { expect, test } from "@playwright/test";
import { as, expectError, type Answer } from "./http";
import { API_BULK_ENV, API_ENV } from "./people";
import { eventsOf, queueMailbox, tokenId } from "./lookups";

// Each endpoint's happy path over real HTTP, as a script runs it, on the API specs' own
// environments (e2e/fixtures/api-environment.ts). Each test changes only mailboxes of its own.

type Row = {
  id: number;
  name: string;
  emailStatus: number;
  version: number;
  pendingSince: string | null;
  canApprove: { allowed: boolean };
};
type Page = { items: Row[]; total: number; nextCursor: string | null };

test("environments: the owner's, with why they see each", async ({ request }) => {
  const ivy = await as(request, "ivy.api all").get<{ items: { slug: string; access: string }[] }>("/environments");
  expect(ivy.status).toBe(200);
  expect(ivy.body.items).toEqual([expect.objectContaining({ slug: API_ENV.slug, access: "system-administrator" })]);
});

test("the mailboxes grid pages by cursor: 16 active mailboxes in pages of 5, 5, 5 and 1, none twice", async ({
  request,
}) => {
  const ivy = as(request, "ivy.api all");
  const seen: string[] = [];
  let cursor: string | null = null;
  let firstCursor = "";
  const sizes: number[] = [];
  do {
    const query = `view=active&sort=email&limit=5${cursor ? `&cursor=${cursor}` : ""}`;
    const page: Answer<Page> = await ivy.get<Page>(`/environments/${API_ENV.slug}/mailboxes?${query}`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(16);
    sizes.push(page.body.items.length);
    seen.push(...page.body.items.map((r) => r.name));
    cursor = page.body.nextCursor;
    firstCursor ||= cursor ?? "";
  } while (cursor);
  expect(sizes).toEqual([5, 5, 5, 1]);
  expect(new Set(seen).size).toBe(16);

  const search = await ivy.get<Page>(`/environments/${API_ENV.slug}/mailboxes?view=active&q=api%20golf`);
  expect(search.body.items.map((r) => r.name)).toEqual(["Api Golf"]);
  expect(search.body.items[0]!.canApprove.allowed).toBe(true);
  // Pending since the fixture made it: the Pending view's column and sort.
  expect(search.body.items[0]!.pendingSince).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d/);
  // A cursor belongs to its order: sent with another sort it is refused, not misread.
  const other = await ivy.get(`/environments/${API_ENV.slug}/mailboxes?view=active&sort=name&cursor=${firstCursor}`);
  expectError(other, 422, null, "INVALID_CURSOR");
  expectError(await ivy.get(`/environments/${API_ENV.slug}/mailboxes?limit=501`), 422, null, "INVALID_INPUT");
});

test("a mailbox with who can approve it and the caller's conditions; its ETag answers 304 while unchanged", async ({
  request,
}) => {
  const sol = as(request, "sol.api all");
  const mailbox = queueMailbox("Api Golf");
  const path = `/environments/${API_ENV.slug}/mailboxes/${mailbox.id}`;
  const detail = await sol.get<{
    canApprove: { allowed: boolean; code: string; reason: string };
    approval: {
      closestPath: string;
      paths: { tenantAdmin: { id: string; held: boolean }[] };
      whoCanApprove: { name: string; via: string }[];
    };
  }>(path);
  expect(detail.status).toBe(200);
  expect(detail.body.canApprove).toMatchObject({
    allowed: false,
    code: "0x80040256",
    reason: "NOT_TENANT_ADMIN_OR_DMA",
  });
  expect(detail.body.approval.paths.tenantAdmin).toEqual([
    expect.objectContaining({ id: "enabled-member", held: true }),
    expect.objectContaining({ id: "approve-privilege", held: true }),
    expect.objectContaining({ id: "system-administrator", held: true }),
    expect.objectContaining({ id: "tenant-admin", held: false }),
  ]);
  expect(detail.body.approval.whoCanApprove).toEqual(
    expect.arrayContaining([
      { name: "Ava Alvarez", email: "ava@contoso.com", via: "Global Administrator" },
      { name: "Ivy Approver", email: "ivy.api@contoso.com", via: "Delegated Mailbox Approver" },
    ]),
  );
  const etag = detail.headers["etag"]!;
  expect(etag).toBe(`"${mailbox.version}"`);
  expect((await sol.get(path, { "If-None-Match": etag })).status).toBe(304);
});

test("pre-check, then approve exactly its snapshot; the events carry the token", async ({ request }) => {
  const ivy = as(request, "ivy.api all");
  const alpha = queueMailbox("Api Alpha");
  const hotel = queueMailbox("Api Hotel");
  const precheck = await ivy.send<{ willChange: number; snapshot: string }>(
    "POST",
    `/environments/${API_ENV.slug}/mailboxes/precheck`,
    { operation: "approve", items: [{ id: alpha.id, version: alpha.version }, { id: hotel.id }] },
  );
  expect(precheck.status).toBe(200);
  expect(precheck.body).toMatchObject({ willChange: 2, unchanged: 0, refused: [], isBackground: false });
  const run = await ivy.send<{ outcomes: { id: number; outcome: string }[]; summary: object }>(
    "POST",
    `/environments/${API_ENV.slug}/mailboxes/approve`,
    { snapshot: precheck.body.snapshot },
  );
  expect(run.status).toBe(200);
  expect(run.body.summary).toEqual({ changed: 2, unchanged: 0, refused: 0 });
  expect(run.body.outcomes.map((o) => [o.id, o.outcome])).toEqual(
    expect.arrayContaining([
      [alpha.id, "changed"],
      [hotel.id, "changed"],
    ]),
  );
  expect(eventsOf("mailbox", alpha.id)[0]).toMatchObject({
    action: "MailboxApproved",
    actor_upn: "ivy.api@contoso.com",
    token_id: tokenId("ivy.api all"),
    token_name: "ivy.api all",
  });
  // A snapshot is used once.
  const again = await ivy.send("POST", `/environments/${API_ENV.slug}/mailboxes/approve`, {
    snapshot: precheck.body.snapshot,
  });
  expectError(again, 409, null, "PRECHECK_EXPIRED");
});

test("approve and reject by ids answer each row as the dialog does; a rejection needs its reason", async ({
  request,
}) => {
  const ivy = as(request, "ivy.api all");
  const [bravo, charlie] = [queueMailbox("Api Bravo"), queueMailbox("Api Charlie")];
  const items = [{ id: bravo.id, version: bravo.version }];
  const reasonless = await ivy.send("POST", `/environments/${API_ENV.slug}/mailboxes/reject`, { items });
  expectError(reasonless, 422, null, "INVALID_INPUT");
  const blank = await ivy.send("POST", `/environments/${API_ENV.slug}/mailboxes/reject`, { items, reason: " " });
  expectError(blank, 422, null, "INVALID_INPUT");
  expect(blank.body).toMatchObject({ details: { field: "reason" } });
  expect(queueMailbox("Api Bravo").version).toBe(bravo.version);

  const reject = await ivy.send<{ outcomes: { id: number; outcome: string; reason: string | null }[] }>(
    "POST",
    `/environments/${API_ENV.slug}/mailboxes/reject`,
    {
      items: [
        { id: bravo.id, version: bravo.version },
        { id: charlie.id, version: charlie.version + 5 },
        { id: 999999 },
      ],
      reason: "Shared inbox, not synced",
    },
  );
  expect(reject.status).toBe(200);
  expect(reject.body.outcomes).toEqual([
    expect.objectContaining({ id: bravo.id, outcome: "changed", reason: null }),
    expect.objectContaining({ id: charlie.id, outcome: "refused", code: "0x80060882", reason: "STALE_VERSION" }),
    expect.objectContaining({ id: 999999, outcome: "refused", code: "NOT_FOUND", reason: "NOT_VISIBLE" }),
  ]);
  const [rejected] = eventsOf("mailbox", bravo.id);
  expect(rejected).toMatchObject({ action: "MailboxRejected", token_name: "ivy.api all" });
  expect(JSON.parse(rejected!.after!)).toMatchObject({ rejectionReason: "Shared inbox, not synced" });
});

test("one mailbox with If-Match: a stale ETag is 412, the current one approves, again is unchanged", async ({
  request,
}) => {
  const ivy = as(request, "ivy.api all");
  const delta = queueMailbox("Api Delta");
  const path = `/environments/${API_ENV.slug}/mailboxes/${delta.id}`;
  const stale = await ivy.send("POST", `${path}/approve`, undefined, { "If-Match": `"${delta.version + 1}"` });
  expectError(stale, 412, "0x80060882", "STALE_VERSION");
  const { headers } = await ivy.get(path);
  const approved = await ivy.send<{ outcome: string; version: number }>("POST", `${path}/approve`, undefined, {
    "If-Match": headers["etag"]!,
  });
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ outcome: "changed", version: delta.version + 1 });
  expect(approved.headers["etag"]).toBe(`"${delta.version + 1}"`);
  const again = await ivy.send<{ outcome: string; message: string }>("POST", `${path}/approve`);
  expect(again.body).toMatchObject({ outcome: "unchanged", message: "Already approved." });
});

test("1,100 mailboxes matching a view: 202 with the job's address, followed to its end", async ({ request }) => {
  test.slow();
  const ava = as(request, "ava bulk");
  const mailboxes = `/environments/${API_BULK_ENV.slug}/mailboxes`;
  const precheck = await ava.send<{ willChange: number; isBackground: boolean; snapshot: string }>(
    "POST",
    `${mailboxes}/precheck`,
    { operation: "approve", matching: { view: "pending" } },
  );
  expect(precheck.body).toMatchObject({ willChange: API_BULK_ENV.queues, isBackground: true });
  const started = await ava.send<{ jobId: number; href: string }>("POST", `${mailboxes}/approve`, {
    snapshot: precheck.body.snapshot,
  });
  expect(started.status).toBe(202);
  expect(started.headers["location"]).toBe(`/api/v1/jobs/${started.body.jobId}`);
  await expect
    .poll(async () => (await ava.get<{ status: string }>(`/jobs/${started.body.jobId}`)).body.status, {
      timeout: 60_000,
    })
    .toBe("succeeded");
  const job = await ava.get<{ done: number; counts: Record<string, number>; environment: string }>(
    `/jobs/${started.body.jobId}`,
  );
  expect(job.body).toMatchObject({
    done: API_BULK_ENV.queues,
    counts: { changed: API_BULK_ENV.queues },
    environment: API_BULK_ENV.slug,
  });
  const left = await ava.get<Page>(`${mailboxes}?view=pending`);
  expect(left.body.total).toBe(0);
  // Someone who may not open that grid is told the job does not exist.
  expectError(await as(request, "bea.api all").get(`/jobs/${started.body.jobId}`), 404, "NOT_FOUND", "NOT_VISIBLE");
});
