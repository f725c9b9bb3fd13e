import { describe, expect, it } from "vitest";
import { ActMethod, IncomingMethod, OutgoingMethod, type TenantRole } from "./catalog";
import { actor, holding, membership } from "./fixtures";
import {
  decideChangeEmailSetting,
  decideChangeEmailSettings,
  decideManageEmailConfiguration,
  DEFAULT_EMAIL_SETTINGS,
  defaultSyncMethods,
  EMAIL_SETTING_KEYS,
  emailSettingsValuesOf,
} from "./email-settings";

const ENV = 1;
const now = new Date("2026-11-27T12:00:00Z");
const past = new Date("2026-11-01T00:00:00Z");

const tenantAdmin = (role: TenantRole) =>
  actor({ tenantRoles: [role], memberships: [membership(ENV, [holding("system_administrator")])] });

const ACTORS = {
  "not a member": actor(),
  "Global Administrator, not a member": actor({ tenantRoles: ["global_admin"] }),
  "Basic User": actor({ memberships: [membership(ENV, [holding("basic_user")])] }),
  "System Customizer": actor({ memberships: [membership(ENV, [holding("system_customizer")])] }),
  "System Administrator": actor({ memberships: [membership(ENV, [holding("system_administrator")])] }),
  "System Administrator + DMA": actor({
    memberships: [membership(ENV, [holding("system_administrator"), holding("delegated_mailbox_approver")])],
  }),
  "System Administrator + expired DMA": actor({
    memberships: [
      membership(ENV, [holding("system_administrator"), holding("delegated_mailbox_approver", { endsAt: past })]),
    ],
  }),
  "System Administrator through a team + DMA": actor({
    memberships: [
      membership(ENV, [
        holding("system_administrator", { via: "team", teamName: "Mail Admins" }),
        holding("delegated_mailbox_approver"),
      ]),
    ],
  }),
  "DMA alone": actor({ memberships: [membership(ENV, [holding("delegated_mailbox_approver")])] }),
  "global_admin + System Administrator": tenantAdmin("global_admin"),
  "exchange_admin + System Administrator": tenantAdmin("exchange_admin"),
  "power_platform_admin + System Administrator": tenantAdmin("power_platform_admin"),
};

// [actor, approval settings (processApproved…Only), the other settings (System Administrator)]
// ok = allowed; otherwise the reason code (all refusals carry 0x80040220).
const MATRIX: [keyof typeof ACTORS, string, string][] = [
  ["not a member", "NOT_IN_ENVIRONMENT", "NOT_SYSTEM_ADMIN"],
  ["Global Administrator, not a member", "NOT_IN_ENVIRONMENT", "NOT_SYSTEM_ADMIN"],
  ["Basic User", "NO_APPROVE_PRIVILEGE", "NOT_SYSTEM_ADMIN"],
  ["System Customizer", "NO_APPROVE_PRIVILEGE", "NOT_SYSTEM_ADMIN"],
  ["System Administrator", "NOT_TENANT_ADMIN_OR_DMA", "ok"],
  ["System Administrator + DMA", "ok", "ok"],
  ["System Administrator + expired DMA", "DMA_EXPIRED", "ok"],
  ["System Administrator through a team + DMA", "ok", "ok"],
  ["DMA alone", "NO_APPROVE_PRIVILEGE", "NOT_SYSTEM_ADMIN"],
  ["global_admin + System Administrator", "ok", "ok"],
  ["exchange_admin + System Administrator", "ok", "ok"],
  ["power_platform_admin + System Administrator", "NOT_TENANT_ADMIN_OR_DMA", "ok"],
];

const outcome = (d: { allowed: boolean; reason: string | null }) => (d.allowed ? "ok" : d.reason);

describe("who may change each email setting (DOMAIN §7)", () => {
  const cases = MATRIX.flatMap(([who, approval, other]) =>
    EMAIL_SETTING_KEYS.map((key) => ({ who, key, expected: key.startsWith("processApproved") ? approval : other })),
  );
  it.each(cases)("$who → $key: $expected", ({ who, key, expected }) => {
    const decision = decideChangeEmailSetting(ACTORS[who], ENV, key, now);
    expect(outcome(decision)).toBe(expected);
    if (!decision.allowed) expect(decision.code).toBe("0x80040220");
  });
});

describe("a save of several settings", () => {
  it("is refused by the first setting the actor may not change", () => {
    const sam = ACTORS["System Administrator"];
    expect(decideChangeEmailSettings(sam, ENV, ["notifyMailboxOwner", "processApprovedUsersOnly"], now)).toMatchObject({
      allowed: false,
      reason: "NOT_TENANT_ADMIN_OR_DMA",
    });
    expect(decideChangeEmailSettings(sam, ENV, ["notifyMailboxOwner", "defaultActMethod"], now).allowed).toBe(true);
    expect(decideChangeEmailSettings(ACTORS["Basic User"], ENV, [], now).allowed).toBe(true);
  });

  it("the refusal of an approval setting says the change is for approvers", () => {
    expect(
      decideChangeEmailSetting(ACTORS["System Administrator"], ENV, "processApprovedQueuesOnly", now).message,
    ).toMatch(/^Only people who could approve mailboxes here/);
  });
});

describe("server profiles and email configuration", () => {
  it.each([
    ["System Administrator", true],
    ["System Administrator through a team + DMA", true],
    ["Global Administrator, not a member", false],
    ["System Customizer", false],
    ["Basic User", false],
  ] as const)("%s: %s", (who, allowed) => {
    expect(decideManageEmailConfiguration(ACTORS[who], ENV, now).allowed).toBe(allowed);
  });
});

describe("the default sync methods a mailbox takes (Apply Default Email Settings)", () => {
  const outlook = { ...DEFAULT_EMAIL_SETTINGS, defaultActMethod: ActMethod.Outlook };
  it.each([
    ["a user mailbox, defaults at server-side sync", DEFAULT_EMAIL_SETTINGS, "user", ActMethod.ServerSideSync],
    ["a user mailbox, defaults at Outlook", outlook, "user", ActMethod.Outlook],
    ["a queue, defaults at server-side sync", DEFAULT_EMAIL_SETTINGS, "queue", ActMethod.None],
    ["a queue, defaults at Outlook", outlook, "queue", ActMethod.None],
  ] as const)("%s: appointments, contacts and tasks %s", (_label, defaults, kind, act) => {
    expect(defaultSyncMethods(defaults, kind)).toEqual({
      incoming: IncomingMethod.ServerSideSync,
      outgoing: OutgoingMethod.ServerSideSync,
      act,
    });
  });
});

describe("the settings' own values", () => {
  it("are every setting of the record and nothing else it carries", () => {
    const stored = { ...DEFAULT_EMAIL_SETTINGS, approvalDigestMinutes: 15, version: 3, defaultProfileName: "Contoso" };
    expect(emailSettingsValuesOf(stored)).toEqual({ ...DEFAULT_EMAIL_SETTINGS, approvalDigestMinutes: 15 });
    expect(Object.keys(emailSettingsValuesOf(stored))).toEqual([...EMAIL_SETTING_KEYS]);
  });
});
