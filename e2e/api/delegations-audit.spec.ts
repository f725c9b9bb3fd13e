import { expect, test } from "@playwright/test";
import { signInAndWait } from "../helpers";
import { as, expectError } from "./http";
import { API_ENV, upnOf } from "./people";
import { db, eventsOf, queueMailbox, tokenId } from "./lookups";

// Delegations and the audit log through the API, on Contoso API's own people.

type Delegation = { id: number; name: string; state: string; endsAt: string | null; canApprove: { allowed: boolean } };
const DAY = 24 * 60 * 60_000;
const delegations = `/environments/${API_ENV.slug}/delegations`;

test("delegate, extend and remove Noor's Delegated Mailbox Approver role; each audited with the token", async ({
  request,
}) => {
  const evan = as(request, "evan all");
  const endsAt = new Date(Date.now() + 10 * DAY).toISOString();
  const created = await evan.send<{ delegation: Delegation }>("POST", delegations, {
    user: upnOf("noor.api"),
    justification: "Covers onboarding week",
    endsAt,
  });
  expect(created.status).toBe(201);
  expect(created.body.delegation).toMatchObject({ name: "Noor Newdelegate", state: "active", endsAt });
  expect(created.body.delegation.canApprove.allowed).toBe(true);
  const id = created.body.delegation.id;

  const twice = await evan.send("POST", delegations, { user: upnOf("noor.api"), justification: "Again", endsAt });
  expectError(twice, 409, null, "ALREADY_DELEGATED");

  const later = new Date(Date.now() + 20 * DAY).toISOString();
  const stale = await evan.send("PATCH", `${delegations}/${id}`, {
    expectedEndsAt: null,
    endsAt: later,
    justification: "Another week",
  });
  expectError(stale, 409, "0x80060882", "STALE_VERSION");
  const extended = await evan.send<{ delegation: Delegation }>("PATCH", `${delegations}/${id}`, {
    expectedEndsAt: endsAt,
    endsAt: later,
    justification: "Another week",
  });
  expect(extended.status).toBe(200);
  expect(extended.body.delegation.endsAt).toBe(later);

  const list = await evan.get<{ items: Delegation[]; total: number }>(`${delegations}?q=noor`);
  expect(list.body.items.map((d) => [d.name, d.state])).toEqual([["Noor Newdelegate", "active"]]);

  const removed = await evan.send("DELETE", `${delegations}/${id}`);
  expect(removed.status).toBe(204);
  expectError(await evan.send("DELETE", `${delegations}/${id}`), 404, "NOT_FOUND", "NOT_VISIBLE");

  const noor = db.one<{ id: number }>(
    "select eu.id from environment_users eu join environments e on e.id = eu.environment_id where e.slug = ? and eu.email = ?",
    API_ENV.slug,
    upnOf("noor.api"),
  ).id;
  const events = eventsOf("environmentUser", noor).filter((e) => e.token_name === "evan all");
  expect(events.map((e) => e.action)).toEqual(["RoleRemoved", "RoleExtended", "RoleAssigned"]);
  expect(events.every((e) => e.token_id === tokenId("evan all"))).toBe(true);
});

test("an end date in the past is refused as input, and a body without one as invalid", async ({ request }) => {
  const evan = as(request, "evan all");
  const past = await evan.send("POST", delegations, {
    user: upnOf("sol.api"),
    justification: "x",
    endsAt: new Date(Date.now() - DAY).toISOString(),
  });
  expectError(past, 422, null, "END_DATE_PAST");
  expect(past.body).toMatchObject({ details: { field: "endsAt" } });
  expectError(await evan.send("POST", delegations, { user: upnOf("sol.api") }), 422, null, "INVALID_INPUT");
});

type AuditPage = {
  items: { seq: number; at: string; action: string; token: { name: string } | null }[];
  nextCursor: string | null;
};

test("the audit log with the page's filters, paged by cursor, and its NDJSON export; the page names the token", async ({
  request,
  page,
}) => {
  const ivy = as(request, "ivy.api all");
  const echo = queueMailbox("Api Echo");
  const approved = await ivy.send("POST", `/environments/${API_ENV.slug}/mailboxes/${echo.id}/approve`);
  expect(approved.status).toBe(200);

  const ava = as(request, "ava all");
  const filtered = await ava.get<AuditPage>(
    `/audit?action=MailboxApproved&target=Api%20Echo&environment=${API_ENV.slug}`,
  );
  expect(filtered.status).toBe(200);
  expect(filtered.body.items).toEqual([
    expect.objectContaining({ action: "MailboxApproved", token: { id: tokenId("ivy.api all"), name: "ivy.api all" } }),
  ]);

  const first = await ava.get<AuditPage>("/audit?limit=3");
  expect(first.body.items).toHaveLength(3);
  const second = await ava.get<AuditPage>(`/audit?limit=3&cursor=${first.body.nextCursor}`);
  expect(second.body.items).toHaveLength(3);
  expect(second.body.items[0]!.seq).toBeLessThan(first.body.items[2]!.seq);

  const exported = await ava.get<string>("/audit/export?target=Api%20Echo&action=MailboxApproved");
  expect(exported.status).toBe(200);
  expect(exported.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
  const lines = exported.body
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line) as { action: string });
  expect(lines.map((e) => e.action)).toEqual(["MailboxApproved"]);

  // A day is a whole UTC day, as on the audit page: the event's own day finds it.
  const day = filtered.body.items[0]!.at.slice(0, 10);
  const byDay = await ava.get<AuditPage>(`/audit?from=${day}&to=${day}&target=Api%20Echo`);
  expect(byDay.body.items.map((e) => e.action)).toEqual(["MailboxApproved"]);

  // The audit page shows the same event as made with Ivy's token.
  await signInAndWait(page, "ava", "Ava Alvarez");
  const seq = filtered.body.items[0]!.seq;
  await page.goto(`/audit?target=Api%20Echo&event=${seq}`);
  const detail = page.getByRole("dialog", { name: `Event ${seq}` });
  await expect(detail).toContainText(`ivy.api all (token ${tokenId("ivy.api all")})`);
});
