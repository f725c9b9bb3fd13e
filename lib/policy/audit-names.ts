/**
 * People's names for the audit log's internal action and target-type names: the one list the
 * filter, the table, the event detail and the CSV export all read, so "Mailbox approved" means
 * the same events everywhere. An action not listed here still gets a readable name (its words
 * split apart), so a new event never shows as its internal name (emailSettings, MailboxApproved).
 */

/** Refused attempts of privileged actions: each is logged as an event of its own (nothing else changes). */
export const REFUSED_ACTIONS = {
  MailboxApprovalRefused: "Mailbox approval refused",
  MailboxRejectionRefused: "Mailbox rejection refused",
  DelegationRefused: "Delegation refused",
  RoleChangeRefused: "Role change refused",
  TestAndEnableRefused: "Test & Enable refused",
} as const;
export type RefusedAction = keyof typeof REFUSED_ACTIONS;
export const REFUSED_ACTION_NAMES = Object.keys(REFUSED_ACTIONS) as RefusedAction[];

const ACTION_LABELS: Record<string, string> = {
  ...REFUSED_ACTIONS,
  AccessReviewAnswered: "Access review answered",
  AccessReviewApplied: "Access review applied",
  AccessReviewStarted: "Access review started",
  ApiTokenCreated: "API token created",
  ApiTokenRevoked: "API token revoked",
  ApiTokenUsedAfterExpiry: "API token used after expiry",
  ApplyAdminRole: "Added self as System Administrator",
  ApprovalDigestSent: "Approval digest sent",
  ApprovalJobStarted: "Approval job started",
  ApprovalRequested: "Approval requested",
  BreakGlassCleared: "Break-glass account cleared",
  BreakGlassMarked: "Break-glass account marked",
  DirectoryUserLinked: "Directory user linked",
  EmailSettingsChanged: "Email settings changed",
  ExchangeFactsChanged: "Exchange facts changed",
  MailboxActivated: "Mailbox activated",
  MailboxAddressChanged: "Mailbox address changed",
  MailboxApproved: "Mailbox approved",
  MailboxDeactivated: "Mailbox deactivated",
  MailboxDefaultsApplied: "Default email settings applied",
  MailboxRejected: "Mailbox rejected",
  MailboxSyncMethodsChanged: "Mailbox synchronization methods changed",
  MailboxTested: "Mailbox tested",
  NotificationPreferencesChanged: "Notification preferences changed",
  RejectionJobStarted: "Rejection job started",
  RoleAssigned: "Role assigned",
  RoleCreated: "Role created",
  RoleExpired: "Role expired",
  RoleExpiryReminderSent: "Role expiry reminder sent",
  RoleExtended: "Role extended",
  RoleRemoved: "Role removed",
  RoleRenewed: "Role renewed",
  RoleShortened: "Role shortened",
  ServerProfileActivated: "Server profile activated",
  ServerProfileChanged: "Server profile changed",
  ServerProfileCreated: "Server profile created",
  ServerProfileDeactivated: "Server profile deactivated",
  ServerProfileSetAsDefault: "Server profile set as default",
  SessionsRevoked: "Sessions revoked",
  SettingChanged: "Setting changed",
  SignInFailed: "Sign-in failed",
  SignInSucceeded: "Signed in",
  SignInThrottled: "Sign-in throttled",
  SignedOut: "Signed out",
  SignedOutEverywhere: "Signed out everywhere",
  SsoForeignTenant: "Single sign-on from another tenant",
  SsoRefused: "Single sign-on refused",
  SsoThrottled: "Single sign-on throttled",
  SsoUnmatched: "Single sign-on unmatched",
  TeamMemberAdded: "Team member added",
  TeamMemberRemoved: "Team member removed",
  TeamRoleAssigned: "Team role assigned",
  TeamRoleRemoved: "Team role removed",
  TenantRoleAssigned: "Tenant role assigned",
  TenantRoleRemoved: "Tenant role removed",
  TenantRolesSynced: "Tenant roles synced",
  TenantSettingsChanged: "Tenant settings changed",
  TestAndEnableJobStarted: "Test & Enable job started",
  UserAddedToEnvironment: "User added to environment",
  UserCreated: "User created",
  UserDisabled: "User disabled",
  UserEnabled: "User enabled",
  UserProvisioned: "User provisioned",
};

const TARGET_TYPE_LABELS: Record<string, string> = {
  accessReview: "Access review",
  apiToken: "API token",
  directoryUser: "Directory user",
  emailSettings: "Email settings",
  environment: "Environment",
  environmentUser: "Environment user",
  job: "Background job",
  mailbox: "Mailbox",
  queue: "Queue",
  securityRole: "Security role",
  serverProfile: "Server profile",
  team: "Team",
  tenant: "Tenant",
  user: "User",
};

/** "MailboxSyncThing" or "emailSettings" → "Mailbox sync thing" / "Email settings". */
function splitWords(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  const lower = words.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? splitWords(action);
export const targetTypeLabel = (type: string): string => TARGET_TYPE_LABELS[type] ?? splitWords(type);
export const isRefusedAction = (action: string): boolean => action in REFUSED_ACTIONS;

/** Every named action and target type: the filter offers these, and what the log holds besides. */
export const KNOWN_ACTIONS = Object.keys(ACTION_LABELS);
export const KNOWN_TARGET_TYPES = Object.keys(TARGET_TYPE_LABELS);

export type NamedChoice = { value: string; label: string };

/** Choices for a picker: the known names and any other recorded ones, once each, by their label. */
export function namedChoices(names: readonly string[], label: (name: string) => string): NamedChoice[] {
  return [...new Set(names)]
    .map((value) => ({ value, label: label(value) }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}

const matches = (text: string) => {
  const needle = text.trim().toLowerCase();
  return (name: string, label: string) =>
    needle !== "" && (label.toLowerCase().includes(needle) || name.toLowerCase().includes(needle));
};

/** The internal actions whose friendly (or internal) name contains the text: free-text search finds "Approved". */
export function actionsMatching(text: string, recorded: readonly string[] = []): string[] {
  const isMatch = matches(text);
  return [...new Set([...KNOWN_ACTIONS, ...recorded])].filter((a) => isMatch(a, actionLabel(a)));
}

export function targetTypesMatching(text: string, recorded: readonly string[] = []): string[] {
  const isMatch = matches(text);
  return [...new Set([...KNOWN_TARGET_TYPES, ...recorded])].filter((t) => isMatch(t, targetTypeLabel(t)));
}
