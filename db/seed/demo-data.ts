import { EmailStatus, type TenantRole } from "@/lib/policy/catalog";

/** The demo tenant of the foundation issue, as data a reader can check against the table. */

export const DEMO_PASSWORD = "Contoso-Demo-1";
export const DEMO_TENANT = { name: "Contoso Ltd", domain: "contoso.com" };

export type DemoPerson = {
  alias: string;
  name: string;
  tenantRoles: TenantRole[];
  isEnabled: boolean;
  exchange: "licensed" | "unlicensed" | "none";
};

const person = (alias: string, name: string, extra: Partial<DemoPerson> = {}): DemoPerson => ({
  alias,
  name,
  tenantRoles: [],
  isEnabled: true,
  exchange: "licensed",
  ...extra,
});

const FIRST = ["Alex", "Blake", "Casey", "Drew", "Emery", "Finley", "Gray", "Harper", "Indy", "Jordan"];
const LAST = ["Adams", "Baker", "Clark", "Davis"];

export const GENERATED_USERS: DemoPerson[] = Array.from({ length: 40 }, (_, i) => {
  const n = i + 1;
  return person(`user${String(n).padStart(2, "0")}`, `${FIRST[i % 10]} ${LAST[Math.floor(i / 10)]}`);
});

export const DEMO_PEOPLE: DemoPerson[] = [
  person("ava", "Ava Alvarez", { tenantRoles: ["global_admin"] }),
  person("evan", "Evan Evans", { tenantRoles: ["exchange_admin"] }),
  person("paula", "Paula Park", { tenantRoles: ["power_platform_admin"] }),
  person("sam", "Sam Sato"),
  person("dana", "Dana Diaz"),
  person("bob", "Bob Brown"),
  person("nina", "Nina Novak"),
  person("cora", "Cora Chen"),
  person("lena", "Lena Lopez", { exchange: "unlicensed" }),
  person("dave", "Dave Dunn", { isEnabled: false }),
  // Mark's directory account is fine; his environment record carries a mistyped address
  // (mark@contso.com) that Exchange does not know — the demo's NoUserWithEmailAddressInTenant case.
  person("mark", "Mark Miller"),
  ...GENERATED_USERS,
];

export const SHARED_MAILBOXES = ["support@contoso.com", "sales@contoso.com"];

/**
 * `pendingHours`: how long a mailbox awaiting approval has waited when the demo is seeded (the
 * overview's age chart).
 */
export type DemoMailbox = { status: EmailStatus; isTested?: boolean; isActive?: boolean; pendingHours?: number };

export type DemoMember = {
  alias: string;
  email?: string;
  roles: ("system_administrator" | "system_customizer" | "basic_user")[];
  mailbox: DemoMailbox;
};

const generatedMailbox = (n: number): DemoMailbox =>
  n <= 20
    ? { status: EmailStatus.Approved, isTested: true }
    : n <= 35
      ? { status: EmailStatus.PendingApproval, pendingHours: [2, 30, 100, 200, 400][n % 5] }
      : { status: EmailStatus.Rejected };

export const DEMO_ENVIRONMENTS = [
  {
    name: "Contoso Production",
    slug: "production",
    type: "Production" as const,
    members: [
      { alias: "sam", roles: ["system_administrator"], mailbox: { status: EmailStatus.Approved, isTested: true } },
      { alias: "dana", roles: ["system_administrator"], mailbox: { status: EmailStatus.Approved, isTested: true } },
      { alias: "cora", roles: ["system_customizer"], mailbox: { status: EmailStatus.Empty } },
      { alias: "bob", roles: ["basic_user"], mailbox: { status: EmailStatus.Approved, isTested: true } },
      { alias: "nina", roles: ["basic_user"], mailbox: { status: EmailStatus.PendingApproval } },
      { alias: "lena", roles: ["basic_user"], mailbox: { status: EmailStatus.PendingApproval, pendingHours: 60 } },
      { alias: "dave", roles: ["basic_user"], mailbox: { status: EmailStatus.Approved, isActive: false } },
      {
        alias: "mark",
        email: "mark@contso.com",
        roles: ["basic_user"],
        mailbox: { status: EmailStatus.PendingApproval, pendingHours: 300 },
      },
      ...GENERATED_USERS.map((u, i) => ({ alias: u.alias, roles: ["basic_user"], mailbox: generatedMailbox(i + 1) })),
    ] as DemoMember[],
    teams: [
      { name: "Mail Admins", type: "owner" as const, members: ["sam", "dana"], roles: [] },
      {
        name: "Sales Team",
        type: "entra_group" as const,
        members: ["bob", "user01", "user02", "user03", "user04", "user05"],
        roles: ["basic_user" as const],
      },
    ],
    queues: [
      {
        name: "Support",
        email: "support@contoso.com",
        owner: "sam",
        mailbox: { status: EmailStatus.PendingApproval } as DemoMailbox,
      },
      {
        name: "Sales",
        email: "sales@contoso.com",
        owner: "dana",
        mailbox: { status: EmailStatus.Rejected } as DemoMailbox,
      },
    ],
  },
  {
    name: "Contoso Sandbox",
    slug: "sandbox",
    type: "Sandbox" as const,
    members: [
      { alias: "sam", roles: ["system_administrator"], mailbox: { status: EmailStatus.Approved, isTested: true } },
      { alias: "dana", roles: ["basic_user"], mailbox: { status: EmailStatus.PendingApproval } },
      { alias: "bob", roles: ["basic_user"], mailbox: { status: EmailStatus.PendingApproval } },
    ] as DemoMember[],
    teams: [],
    queues: [],
  },
];

export const upnOf = (alias: string) => `${alias}@${DEMO_TENANT.domain}`;
