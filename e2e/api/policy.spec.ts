import { expect, test } from "@playwright/test";
import { as, expectError, type Answer } from "./http";
import { db, eventsOf, personMailbox, queueMailbox } from "./lookups";
import { API_ENV, upnOf } from "./people";

// The authorization matrix through the API: each persona's token, each endpoint, and the status
// and code the portal gives that person (DOMAIN §9's codes, as the grid's explainer and the
// delegation screen show them). On Contoso API, whose people only the API specs use
// (e2e/fixtures/api-environment.ts): Ava is Global Administrator and System Administrator there,
// Evan (Exchange) and Paula (Power Platform) are not its users, Bob is not in it at all; Exa's
// Delegated Mailbox Approver role ended yesterday. Allowed
// changes touch only Api Foxtrot, whose answer is 200 whichever runs first.

type Expect = { status: number; code?: string | null; reason?: string };
const OK: Expect = { status: 200 };
const HIDDEN: Expect = { status: 404, code: "NOT_FOUND", reason: "NOT_VISIBLE" };
/** An allowed change a parallel test could race: its success is another spec's (delegations-audit.spec.ts). */
const ELSEWHERE: Expect = { status: 0 };
const refused = (reason: string, code = "0x80040256"): Expect => ({ status: 403, code, reason });
const NOT_DELEGATOR = refused("NOT_TENANT_ADMIN", "0x80090904");

type Persona = "ava" | "evan" | "paula" | "ivy.api" | "exa.api" | "sol.api" | "cy.api" | "bea.api" | "bob";
type Call = (token: Awaited<ReturnType<typeof as>>) => Promise<Answer>;

const env = `/environments/${API_ENV.slug}`;
const foxtrot = () => queueMailbox("Api Foxtrot");
const ivyDelegation = () =>
  db.one<{ id: number }>(
    `select a.id from user_role_assignments a join security_roles r on r.id = a.role_id and r.key = 'delegated_mailbox_approver'
     join environment_users eu on eu.id = a.environment_user_id where eu.email = ?`,
    upnOf("ivy.api"),
  ).id;
const approveAs = (reason: string): Record<Persona, Expect> => ({
  ava: OK,
  evan: refused("NOT_IN_ENVIRONMENT"),
  paula: refused("NOT_IN_ENVIRONMENT"),
  "ivy.api": OK,
  "exa.api": refused("DMA_EXPIRED"),
  "sol.api": refused(reason),
  "cy.api": refused("NO_APPROVE_PRIVILEGE"),
  "bea.api": HIDDEN,
  bob: HIDDEN,
});
const READERS: Record<Persona, Expect> = {
  ava: OK,
  evan: OK,
  paula: OK,
  "ivy.api": OK,
  "exa.api": OK,
  "sol.api": OK,
  "cy.api": OK,
  "bea.api": HIDDEN,
  bob: HIDDEN,
};
const DELEGATORS_ONLY: Record<Persona, Expect> = {
  ava: ELSEWHERE,
  evan: ELSEWHERE,
  paula: NOT_DELEGATOR,
  "ivy.api": NOT_DELEGATOR,
  "exa.api": NOT_DELEGATOR,
  "sol.api": NOT_DELEGATOR,
  "cy.api": NOT_DELEGATOR,
  "bea.api": HIDDEN,
  bob: HIDDEN,
};

const ENDPOINTS: { what: string; call: Call; expected: Record<Persona, Expect> }[] = [
  { what: "list the mailboxes", call: (t) => t.get(`${env}/mailboxes?view=pending`), expected: READERS },
  { what: "read a queue's mailbox", call: (t) => t.get(`${env}/mailboxes/${foxtrot().id}`), expected: READERS },
  {
    what: "read Bea's own mailbox",
    call: (t) => t.get(`${env}/mailboxes/${personMailbox("bea.api").id}`),
    expected: { ...READERS, "bea.api": OK },
  },
  {
    what: "pre-check approving the pending view",
    call: (t) => t.send("POST", `${env}/mailboxes/precheck`, { operation: "approve", matching: { view: "pending" } }),
    expected: { ...READERS, "bea.api": OK },
  },
  {
    what: "approve a queue's mailbox",
    call: (t) => t.send("POST", `${env}/mailboxes/${foxtrot().id}/approve`),
    expected: approveAs("NOT_TENANT_ADMIN_OR_DMA"),
  },
  {
    what: "reject a queue's mailbox",
    call: (t) => t.send("POST", `${env}/mailboxes/${foxtrot().id}/reject`, { reason: "Not a mailbox we sync" }),
    expected: approveAs("NOT_TENANT_ADMIN_OR_DMA"),
  },
  {
    what: "approve Bea's own mailbox",
    call: (t) => t.send("POST", `${env}/mailboxes/${personMailbox("bea.api").id}/approve`),
    expected: { ...approveAs("NOT_TENANT_ADMIN_OR_DMA"), "bea.api": refused("SELF_APPROVE_WITH_TEST_AND_ENABLE") },
  },
  { what: "list the delegations", call: (t) => t.get(`${env}/delegations`), expected: READERS },
  {
    what: "delegate to Cy",
    call: (t) =>
      t.send("POST", `${env}/delegations`, {
        user: upnOf("cy.api"),
        justification: "Policy table",
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    expected: DELEGATORS_ONLY,
  },
  {
    what: "extend Ivy's delegation",
    call: (t) =>
      t.send("PATCH", `${env}/delegations/${ivyDelegation()}`, {
        expectedEndsAt: null,
        endsAt: new Date(Date.now() + 86_400_000).toISOString(),
        justification: "Policy table",
      }),
    expected: DELEGATORS_ONLY,
  },
  {
    what: "remove Ivy's delegation",
    call: (t) => t.send("DELETE", `${env}/delegations/${ivyDelegation()}`),
    expected: DELEGATORS_ONLY,
  },
  {
    what: "read the audit log",
    call: (t) => t.get("/audit?limit=1"),
    expected: {
      ava: OK,
      evan: OK,
      paula: OK,
      "ivy.api": OK,
      "exa.api": OK,
      "sol.api": OK,
      "cy.api": refused("NOT_PERMITTED", "0x80040220"),
      "bea.api": refused("NOT_PERMITTED", "0x80040220"),
      bob: refused("NOT_PERMITTED", "0x80040220"),
    },
  },
];

const PERSONAS = Object.keys(READERS) as Persona[];

for (const endpoint of ENDPOINTS)
  for (const persona of PERSONAS) {
    const expected = endpoint.expected[persona];
    if (expected === ELSEWHERE) continue;
    test(`${persona}: ${endpoint.what} → ${expected.status} ${expected.reason ?? ""}`.trim(), async ({ request }) => {
      const answer = await endpoint.call(as(request, `${persona} all`));
      if (expected.status === 200) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      else expectError(answer, expected.status, expected.code ?? null, expected.reason!);
    });
  }

test("a refused approval changes nothing: Sol's refusal leaves Api Golf as it was, and is logged as a refused attempt", async ({
  request,
}) => {
  const before = queueMailbox("Api Golf");
  const events = () => eventsOf("mailbox", before.id);
  const eventsBefore = events().length;
  expectError(
    await as(request, "sol.api all").send("POST", `${env}/mailboxes/${before.id}/approve`),
    403,
    "0x80040256",
    "NOT_TENANT_ADMIN_OR_DMA",
  );
  expect(queueMailbox("Api Golf")).toEqual(before);
  // No change event: only the refused attempt, an event of its own (issue 17).
  const after = events();
  expect(after).toHaveLength(eventsBefore + 1);
  expect(after[0]!.action).toBe("MailboxApprovalRefused");
});

test("scopes narrow a token: a mailboxes.read token reads, but approves nothing and reads no delegations or audit", async ({
  request,
}) => {
  const reader = as(request, "ivy.api read-only");
  expect((await reader.get("/environments/api/mailboxes?view=pending")).status).toBe(200);
  for (const answer of [
    await reader.send("POST", "/environments/api/mailboxes/precheck", {
      operation: "approve",
      matching: { view: "pending" },
    }),
    await reader.send("POST", "/environments/api/mailboxes/approve", { items: [{ id: 1 }] }),
    await reader.get("/environments/api/delegations"),
    await reader.get("/audit"),
  ]) {
    expectError(answer, 403, "0x80040220", "INSUFFICIENT_SCOPE");
    expect(answer.headers["www-authenticate"]).toMatch(/error="insufficient_scope"/);
  }
});

test("a token's requests per minute are limited: past the limit 429 with Retry-After, the headers counting down", async ({
  request,
}) => {
  const rated = as(request, "ivy.api rate");
  const first = await rated.get("/environments");
  const limit = Number(first.headers["ratelimit-limit"]);
  expect(limit).toBe(120);
  expect(first.headers["ratelimit-remaining"]).toBe(String(limit - 1));
  for (let i = 2; i <= limit; i++) expect((await rated.get("/environments")).status).toBe(200);
  const over = await rated.get("/environments");
  expectError(over, 429, "TOO_MANY_REQUESTS", "RATE_LIMITED");
  expect(over.headers["ratelimit-remaining"]).toBe("0");
  expect(Number(over.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(Number(over.headers["retry-after"])).toBeLessThanOrEqual(60);
  // Another token of the same owner has its own count.
  expect((await as(request, "ivy.api all").get("/environments")).status).toBe(200);
});
