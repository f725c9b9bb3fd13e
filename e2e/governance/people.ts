/** The governance specs' own environments and people (e2e/fixtures/governance-environment.ts makes them). */

export const GOVERNANCE = {
  main: { name: "Contoso Governance", slug: "governance" },
  sandbox: { name: "Contoso Governance Sandbox", slug: "governance-sandbox" },
  adminTeam: "Governance Admins",
};

export type GovernancePerson = {
  name: string;
  upn: string;
  isSystemAdministrator: boolean;
  isTeamAdmin?: boolean;
  /** Days from the server's start to the end of their delegation; null: no end date; absent: no delegation. */
  delegateDays?: number | null;
};

export const GOVERNANCE_PEOPLE: GovernancePerson[] = [
  { name: "Gina Holder", upn: "gina.holder@contoso.com", isSystemAdministrator: true, delegateDays: 20 },
  {
    name: "Teo Teams",
    upn: "teo.teams@contoso.com",
    isSystemAdministrator: false,
    isTeamAdmin: true,
    delegateDays: null,
  },
  { name: "Rhea Renew", upn: "rhea.renew@contoso.com", isSystemAdministrator: true, delegateDays: -2 },
  { name: "Ezra Soon", upn: "ezra.soon@contoso.com", isSystemAdministrator: true, delegateDays: 3 },
  { name: "Mila Multi", upn: "mila.multi@contoso.com", isSystemAdministrator: false },
  { name: "Noor Pick", upn: "noor.pick@contoso.com", isSystemAdministrator: false },
];

export const person = (name: string) => GOVERNANCE_PEOPLE.find((p) => p.name === name)!;
export const dmaPage = (slug = GOVERNANCE.main.slug) => `/environments/${slug}/roles/delegated-mailbox-approver`;
