/**
 * The notification specs' own environments and people (e2e/fixtures/notify-environment.ts makes
 * them), so approving, rejecting and asking for approval never touch demo data:
 *
 * Contoso Notify, where mail goes out:
 *   Nadia Novotny  System Administrator + Delegated Mailbox Approver   approves (as a delegate)
 *   Omar Okafor    Exchange Administrator + System Administrator       approves (as a tenant admin)
 *   Sven Sorensen  System Administrator only                          cannot approve: never told
 *   Dmitri Dorn    Delegated Mailbox Approver without System Admin.   cannot approve: never told
 *   Olive, Pete, Ruth, Una  Basic Users, each with a mailbox in Pending approval
 *   Quinn Quill    in the directory only, added to the environment by a spec (a new pending mailbox)
 *
 * Contoso Queue Ages, read only: Vera Vance (System Administrator) and queue mailboxes pending for
 * 2 and 5 hours, 2, 3 and 6 days, and 10 days (plus one approved).
 */
const person = <A extends string>(alias: A, name: string) => ({
  alias: `ntf-${alias}` as const,
  upn: `ntf-${alias}@contoso.com`,
  name,
});

export const NOTIFY = {
  slug: "notify",
  name: "Contoso Notify",
  nadia: person("nadia", "Nadia Novotny"),
  omar: person("omar", "Omar Okafor"),
  sven: person("sven", "Sven Sorensen"),
  dmitri: person("dmitri", "Dmitri Dorn"),
  olive: person("olive", "Olive Owens"),
  pete: person("pete", "Pete Porter"),
  ruth: person("ruth", "Ruth Reed"),
  una: person("una", "Una Upton"),
  quinn: person("quinn", "Quinn Quill"),
} as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const AGES = {
  slug: "notify-ages",
  name: "Contoso Queue Ages",
  vera: person("vera", "Vera Vance"),
  /** Queue mailboxes and how long before the fixture ran each entered Pending approval. */
  pending: [
    { name: "Age 2 hours", waitedMs: 2 * HOUR },
    { name: "Age 5 hours", waitedMs: 5 * HOUR },
    { name: "Age 2 days", waitedMs: 2 * DAY },
    { name: "Age 3 days", waitedMs: 3 * DAY },
    { name: "Age 6 days", waitedMs: 6 * DAY },
    { name: "Age 10 days", waitedMs: 10 * DAY },
  ],
  approved: "Age approved",
} as const;
