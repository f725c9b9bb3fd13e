/** The vocabulary of DOMAIN.md §2: tenant roles, environment system roles, privileges, depths. */

export const TENANT_ROLES = {
  global_admin: { name: "Global Administrator", templateId: "62e90394-69f5-4237-9190-012177145e10" },
  exchange_admin: { name: "Exchange Administrator", templateId: "29232cdf-9323-42fd-ade2-1d097af3e4de" },
  power_platform_admin: {
    name: "Power Platform Administrator",
    templateId: "11648597-926c-4cf3-9c36-bcebb0ba8dcc",
  },
  dynamics365_admin: { name: "Dynamics 365 Administrator", templateId: "44367163-eba1-44c3-98af-f5787879f96a" },
} as const;
export type TenantRole = keyof typeof TENANT_ROLES;
export const TENANT_ROLE_KEYS = Object.keys(TENANT_ROLES) as TenantRole[];

export const DEPTHS = ["user", "business_unit", "parent_child", "organization"] as const;
export type Depth = (typeof DEPTHS)[number];
export const DEPTH_LABELS: Record<Depth, string> = {
  user: "User",
  business_unit: "Business Unit",
  parent_child: "Parent: Child Business Units",
  organization: "Organization",
};
export function depthRank(depth: Depth): number {
  return DEPTHS.indexOf(depth);
}

export const PRIVILEGES = {
  prvApproveRejectEmailAddress: "Approve Email Addresses for Users or Queues",
  prvReadMailbox: "Read Mailbox",
  prvWriteMailbox: "Write Mailbox",
  prvCreateMailbox: "Create Mailbox",
  prvAssignRole: "Assign Security Role",
  prvReadUser: "Read User",
  prvWriteUser: "Write User",
  prvReadTeam: "Read Team",
  prvWriteTeam: "Write Team",
  prvReadRole: "Read Security Role",
  prvCreateRole: "Create Security Role",
  prvWriteRole: "Write Security Role",
  prvReadQueue: "Read Queue",
  prvWriteQueue: "Write Queue",
  prvReadEmailServerProfile: "Read Email Server Profile",
  prvWriteEmailServerProfile: "Write Email Server Profile",
  prvWriteOrganization: "Write Organization Settings",
  prvCustomize: "Customize the System",
  prvReadAuditing: "View Audit History",
} as const;
export type Privilege = keyof typeof PRIVILEGES;
export const PRIVILEGE_KEYS = Object.keys(PRIVILEGES) as Privilege[];

export type SystemRoleKey =
  | "system_administrator"
  | "system_customizer"
  | "basic_user"
  | "environment_maker"
  | "delegated_mailbox_approver"
  | "support_user"
  | "service_reader";

type RoleTemplate = {
  key: SystemRoleKey;
  name: string;
  isAssignable: boolean;
  description: string;
  privileges: Partial<Record<Privilege, Depth>>;
};

const everything = Object.fromEntries(PRIVILEGE_KEYS.map((p) => [p, "organization"])) as Record<Privilege, Depth>;

/** The system roles every environment is created with. */
export const SYSTEM_ROLES: readonly RoleTemplate[] = [
  {
    key: "system_administrator",
    name: "System Administrator",
    isAssignable: true,
    description: "Every privilege in the environment, including approving email addresses and assigning roles.",
    privileges: everything,
  },
  {
    key: "system_customizer",
    name: "System Customizer",
    isAssignable: true,
    description: "Customizes the environment; reads users, teams, roles and mailboxes. Cannot approve.",
    privileges: {
      prvCustomize: "organization",
      prvReadUser: "organization",
      prvReadTeam: "organization",
      prvReadRole: "organization",
      prvReadMailbox: "organization",
      prvReadQueue: "organization",
      prvReadEmailServerProfile: "organization",
    },
  },
  {
    key: "basic_user",
    name: "Basic User",
    isAssignable: true,
    description: "Works with their own records, including their own mailbox.",
    privileges: { prvReadMailbox: "user", prvWriteMailbox: "user", prvReadUser: "organization" },
  },
  {
    key: "environment_maker",
    name: "Environment Maker",
    isAssignable: true,
    description: "Makes apps and flows; no data privileges.",
    privileges: {},
  },
  {
    key: "delegated_mailbox_approver",
    name: "Delegated Mailbox Approver",
    isAssignable: true,
    description:
      "Stands in for the tenant admin when approving mailboxes. Carries no privileges; the holder also needs System Administrator.",
    privileges: {},
  },
  {
    key: "support_user",
    name: "Support User",
    isAssignable: false,
    description: "Used by Microsoft support. Cannot be assigned to users or teams.",
    privileges: { prvReadMailbox: "organization", prvReadUser: "organization" },
  },
  {
    key: "service_reader",
    name: "Service Reader",
    isAssignable: false,
    description: "Read access for platform services. Cannot be assigned to users or teams.",
    privileges: { prvReadMailbox: "organization", prvReadUser: "organization", prvReadRole: "organization" },
  },
];

/**
 * The mailbox record's option values (DOMAIN §5), PPAC's numbers by name. The schema types its
 * columns with them (db/schema/mail.ts), so code compares and writes names, never bare numbers.
 */
export const EmailStatus = { Empty: 0, Approved: 1, PendingApproval: 2, Rejected: 3 } as const;
export type EmailStatus = (typeof EmailStatus)[keyof typeof EmailStatus];
/** A direction's test result, and the mailbox's roll-up of them. */
export const TestStatus = { NotRun: 0, Success: 1, Failure: 2 } as const;
export type TestStatus = (typeof TestStatus)[keyof typeof TestStatus];
export const IncomingMethod = { None: 0, Outlook: 1, ServerSideSync: 2, ForwardMailbox: 3 } as const;
export type IncomingMethod = (typeof IncomingMethod)[keyof typeof IncomingMethod];
export const OutgoingMethod = { None: 0, Outlook: 1, ServerSideSync: 2 } as const;
export type OutgoingMethod = (typeof OutgoingMethod)[keyof typeof OutgoingMethod];
/** Appointments, contacts and tasks: PPAC numbers these differently from the email directions. */
export const ActMethod = { Outlook: 0, ServerSideSync: 1, None: 2 } as const;
export type ActMethod = (typeof ActMethod)[keyof typeof ActMethod];

export const EMAIL_STATUS: Record<EmailStatus, string> = {
  [EmailStatus.Empty]: "Empty",
  [EmailStatus.Approved]: "Approved",
  [EmailStatus.PendingApproval]: "Pending Approval",
  [EmailStatus.Rejected]: "Rejected",
};
export const TEST_STATUS: Record<TestStatus, string> = {
  [TestStatus.NotRun]: "Not Run",
  [TestStatus.Success]: "Success",
  [TestStatus.Failure]: "Failure",
};
export const INCOMING_METHOD: Record<IncomingMethod, string> = {
  [IncomingMethod.None]: "None",
  [IncomingMethod.Outlook]: "Microsoft Dynamics 365 for Outlook",
  [IncomingMethod.ServerSideSync]: "Server-Side Synchronization",
  [IncomingMethod.ForwardMailbox]: "Forward Mailbox",
};
export const OUTGOING_METHOD: Record<OutgoingMethod, string> = {
  [OutgoingMethod.None]: "None",
  [OutgoingMethod.Outlook]: "Microsoft Dynamics 365 for Outlook",
  [OutgoingMethod.ServerSideSync]: "Server-Side Synchronization",
};
export const ACT_METHOD: Record<ActMethod, string> = {
  [ActMethod.Outlook]: "Microsoft Dynamics 365 for Outlook",
  [ActMethod.ServerSideSync]: "Server-Side Synchronization",
  [ActMethod.None]: "None",
};

/**
 * A background job's states (db/schema/mail.ts `bulk_jobs.status`, and the REST API's Job):
 * "paused" stopped at shutdown between two batches; "completed_with_refusals" decided every item,
 * some refused; "cancelled" stopped by a person after the batch in hand.
 */
export const JOB_STATUSES = [
  "queued",
  "running",
  "paused",
  "succeeded",
  "completed_with_refusals",
  "failed",
  "interrupted",
  "cancelled",
] as const;
