import crypto from "node:crypto";
import type { ApiScope } from "@/lib/policy/api-tokens";

/**
 * The REST API specs' own data (e2e/fixtures/api-environment.ts makes it): two environments no
 * other spec reads, their people, and personal access tokens with secrets both the fixture and the
 * specs derive from a name, so a spec can use a token made before the server started.
 */

export const API_ENV = { slug: "api", name: "Contoso API" };
/** 1,100 pending queue mailboxes: a background-sized run through the API. */
export const API_BULK_ENV = { slug: "api-bulk", name: "Contoso API Bulk", queues: 1100 };

export type ApiPerson = {
  alias: string;
  name: string;
  roles: ("system_administrator" | "system_customizer" | "basic_user" | "delegated_mailbox_approver")[];
  /** Days from the fixture's run to the end of their Delegated Mailbox Approver role; negative: expired. */
  dmaDays?: number;
};

/** Each with a user mailbox in Contoso API, pending approval, addressed as their sign-in name. */
export const API_PEOPLE: ApiPerson[] = [
  { alias: "ivy.api", name: "Ivy Approver", roles: ["system_administrator", "delegated_mailbox_approver"] },
  { alias: "sol.api", name: "Sol Sysadmin", roles: ["system_administrator"] },
  { alias: "cy.api", name: "Cy Customizer", roles: ["system_customizer"] },
  { alias: "bea.api", name: "Bea Basic", roles: ["basic_user"] },
  { alias: "dee.api", name: "Dee Disabled-Later", roles: ["basic_user"] },
  { alias: "tom.api", name: "Tom Tokenmaker", roles: ["basic_user"] },
  { alias: "noor.api", name: "Noor Newdelegate", roles: ["system_administrator"] },
  {
    alias: "exa.api",
    name: "Exa Expired",
    roles: ["system_administrator", "delegated_mailbox_approver"],
    dmaDays: -1,
  },
];

/** Queue mailboxes of Contoso API, pending approval, one set per test that changes them. */
export const API_QUEUES = [
  "Api Alpha",
  "Api Bravo",
  "Api Charlie",
  "Api Delta",
  "Api Echo",
  "Api Foxtrot",
  "Api Golf",
  "Api Hotel",
];
export const queueEmail = (name: string) => `${name.toLowerCase().replace(/\s+/g, ".")}@contoso.com`;

export type FixtureToken = {
  name: string;
  owner: string;
  scopes: readonly ApiScope[];
  /** Days from the fixture's run to expiry; negative: already expired. */
  days: number;
  isRevoked?: boolean;
};

const ALL: readonly ApiScope[] = [
  "mailboxes.read",
  "mailboxes.approve",
  "delegations.read",
  "delegations.write",
  "audit.read",
];

/** The authorization matrix's people (e2e/api/policy.spec.ts), each with a token of every scope. */
export const PERSONAS = ["ava", "evan", "paula", "bob", "ivy.api", "exa.api", "sol.api", "cy.api", "bea.api"];

export const FIXTURE_TOKENS: FixtureToken[] = [
  ...PERSONAS.map((owner) => ({ name: `${owner} all`, owner, scopes: ALL, days: 30 })),
  { name: "ivy.api read-only", owner: "ivy.api", scopes: ["mailboxes.read"], days: 30 },
  { name: "ivy.api expired", owner: "ivy.api", scopes: ALL, days: -1 },
  { name: "ivy.api revoked", owner: "ivy.api", scopes: ALL, days: 30, isRevoked: true },
  { name: "dee.api all", owner: "dee.api", scopes: ALL, days: 30 },
  { name: "noor.api spare", owner: "noor.api", scopes: ["mailboxes.read"], days: 30 },
  { name: "ivy.api rate", owner: "ivy.api", scopes: ["mailboxes.read"], days: 30 },
  { name: "ivy.api client", owner: "ivy.api", scopes: ALL, days: 30 },
  { name: "ava bulk", owner: "ava", scopes: ALL, days: 30 },
];

/** The secret of a fixture token: `mgp_` and 43 base64url characters, as real ones look. */
export function fixtureSecret(name: string): string {
  return `mgp_${crypto.createHash("sha256").update(`mailgate-e2e-api:${name}`).digest("base64url")}`;
}

export const upnOf = (alias: string) => `${alias}@contoso.com`;
