import { describe, expect, it } from "vitest";
import { decideViewAuditLog } from "./access";
import type { Actor } from "./actor";
import { auditScope, isEmptyScope, isInAuditScope, type AuditScopeFacts } from "./audit-visibility";
import { actor, holding, membership } from "./fixtures";

const PROD = 1;
const SANDBOX = 2;
const now = new Date("2026-11-27T12:00:00Z");
const past = new Date("2026-11-01T00:00:00Z");

const sysAdmin = (env: number, extra = {}) => membership(env, [holding("system_administrator", extra)]);

const ACTORS: { who: string; actor: Actor; scope: AuditScopeFacts }[] = [
  { who: "a Global Administrator", actor: actor({ tenantRoles: ["global_admin"] }), scope: { all: true } },
  {
    who: "a Global Administrator who is also System Administrator of Production",
    actor: actor({ tenantRoles: ["global_admin"], memberships: [sysAdmin(PROD)] }),
    scope: { all: true },
  },
  {
    who: "an Exchange Administrator, not a member",
    actor: actor({ tenantRoles: ["exchange_admin"] }),
    scope: { all: false, environmentIds: [], exchangeScope: true },
  },
  {
    who: "an Exchange Administrator who is System Administrator of Sandbox",
    actor: actor({ tenantRoles: ["exchange_admin"], memberships: [sysAdmin(SANDBOX)] }),
    scope: { all: false, environmentIds: [SANDBOX], exchangeScope: true },
  },
  {
    who: "a System Administrator of Production",
    actor: actor({ memberships: [sysAdmin(PROD), membership(SANDBOX, [holding("basic_user")])] }),
    scope: { all: false, environmentIds: [PROD], exchangeScope: false },
  },
  {
    who: "a System Administrator of Sandbox and Production",
    actor: actor({ memberships: [sysAdmin(SANDBOX), sysAdmin(PROD)] }),
    scope: { all: false, environmentIds: [PROD, SANDBOX], exchangeScope: false },
  },
  {
    who: "a System Administrator through a team",
    actor: actor({ memberships: [sysAdmin(PROD, { via: "team", teamName: "Admins" })] }),
    scope: { all: false, environmentIds: [PROD], exchangeScope: false },
  },
  {
    who: "a System Administrator whose assignment has ended",
    actor: actor({ memberships: [sysAdmin(PROD, { endsAt: past })] }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
  {
    who: "a System Administrator whose membership is disabled",
    actor: actor({ memberships: [membership(PROD, [holding("system_administrator")], { isEnabled: false })] }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
  {
    who: "a disabled Global Administrator",
    actor: actor({ tenantRoles: ["global_admin"], isEnabled: false }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
  // DOMAIN §2 gives them every page, and §11 every event.
  {
    who: "a Power Platform Administrator",
    actor: actor({ tenantRoles: ["power_platform_admin"] }),
    scope: { all: true },
  },
  { who: "a Dynamics 365 Administrator", actor: actor({ tenantRoles: ["dynamics365_admin"] }), scope: { all: true } },
  {
    who: "a System Customizer",
    actor: actor({ memberships: [membership(PROD, [holding("system_customizer")])] }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
  {
    who: "a Delegated Mailbox Approver without System Administrator",
    actor: actor({ memberships: [membership(PROD, [holding("delegated_mailbox_approver")])] }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
  {
    who: "a Basic User",
    actor: actor({ memberships: [membership(PROD, [holding("basic_user")])] }),
    scope: { all: false, environmentIds: [], exchangeScope: false },
  },
];

describe("who sees which audit events", () => {
  it.each(ACTORS)("$who", ({ actor, scope }) => {
    expect(auditScope(actor, now)).toEqual(scope);
  });

  it.each(ACTORS)("$who: sees some events exactly when the audit log page lets them in", ({ actor }) => {
    expect(isEmptyScope(auditScope(actor, now))).toBe(!decideViewAuditLog(actor, now).allowed);
  });
});

const EVENTS = {
  "RoleAssigned in Production": { action: "RoleAssigned", environmentId: PROD, targetType: "environmentUser" },
  "RoleExpired in Sandbox": { action: "RoleExpired", environmentId: SANDBOX, targetType: "environmentUser" },
  "TeamRoleRemoved in Sandbox": { action: "TeamRoleRemoved", environmentId: SANDBOX, targetType: "team" },
  "ApplyAdminRole in Sandbox": { action: "ApplyAdminRole", environmentId: SANDBOX, targetType: "environmentUser" },
  "a mailbox approved in Sandbox": { action: "MailboxApproved", environmentId: SANDBOX, targetType: "mailbox" },
  "a team member added in Sandbox": { action: "TeamMemberAdded", environmentId: SANDBOX, targetType: "team" },
  "a user added to Production": {
    action: "UserAddedToEnvironment",
    environmentId: PROD,
    targetType: "environmentUser",
  },
  "a tenant role assigned (no environment)": {
    action: "TenantRoleAssigned",
    environmentId: null,
    targetType: "directoryUser",
  },
  "a sign-in (no environment)": { action: "SignInSucceeded", environmentId: null, targetType: "directoryUser" },
  "an access review started (no environment)": {
    action: "AccessReviewStarted",
    environmentId: null,
    targetType: "accessReview",
  },
  "an access review answered in Production": {
    action: "AccessReviewAnswered",
    environmentId: PROD,
    targetType: "environmentUser",
  },
} as const;
type EventName = keyof typeof EVENTS;
const ALL_EVENTS = Object.keys(EVENTS) as EventName[];

const SCOPES: { who: string; scope: AuditScopeFacts; sees: EventName[] }[] = [
  { who: "everything", scope: { all: true }, sees: ALL_EVENTS },
  {
    who: "an Exchange Administrator",
    scope: { all: false, environmentIds: [], exchangeScope: true },
    sees: [
      "RoleAssigned in Production",
      "RoleExpired in Sandbox",
      "TeamRoleRemoved in Sandbox",
      "ApplyAdminRole in Sandbox",
      "a mailbox approved in Sandbox",
      "a team member added in Sandbox",
      "an access review started (no environment)",
      "an access review answered in Production",
    ],
  },
  {
    who: "Production's System Administrator",
    scope: { all: false, environmentIds: [PROD], exchangeScope: false },
    sees: ["RoleAssigned in Production", "a user added to Production", "an access review answered in Production"],
  },
  {
    who: "an Exchange Administrator who is Production's System Administrator",
    scope: { all: false, environmentIds: [PROD], exchangeScope: true },
    sees: [
      "RoleAssigned in Production",
      "RoleExpired in Sandbox",
      "TeamRoleRemoved in Sandbox",
      "ApplyAdminRole in Sandbox",
      "a mailbox approved in Sandbox",
      "a team member added in Sandbox",
      "a user added to Production",
      "an access review started (no environment)",
      "an access review answered in Production",
    ],
  },
  { who: "nobody", scope: { all: false, environmentIds: [], exchangeScope: false }, sees: [] },
];

describe("what a scope means for each kind of event", () => {
  it.each(SCOPES)("$who", ({ scope, sees }) => {
    const seen = ALL_EVENTS.filter((name) => isInAuditScope(scope, EVENTS[name]));
    expect(seen).toEqual(sees);
  });
});
