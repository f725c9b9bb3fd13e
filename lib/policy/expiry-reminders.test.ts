import { describe, expect, it } from "vitest";
import type { TenantRole } from "./catalog";
import { dueReminderWindow, reminderDedupeKey, reminderRecipients, type ReminderPerson } from "./expiry-reminders";

const now = new Date("2026-11-27T12:00:00Z");
const inHours = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

describe("which reminder is due for an end date", () => {
  it.each([
    ["in 8 days", inHours(8 * 24), null],
    ["in 7 days and a minute", new Date(inHours(7 * 24).getTime() + 60_000), null],
    ["in exactly 7 days", inHours(7 * 24), "7d"],
    ["in 3 days", inHours(3 * 24), "7d"],
    ["in a day and a second", new Date(inHours(24).getTime() + 1000), "7d"],
    ["in exactly 1 day", inHours(24), "1d"],
    ["in 12 hours (made to end soon: the 1-day reminder only)", inHours(12), "1d"],
    ["in one millisecond", new Date(now.getTime() + 1), "1d"],
    ["now (ended)", now, null],
    ["an hour ago", inHours(-1), null],
  ] as const)("ending %s: %s", (_, endsAt, expected) => {
    expect(dueReminderWindow(endsAt, now)).toBe(expected);
  });
});

describe("the dedupe key", () => {
  const base = { environmentUserId: 5, roleId: 9, endsAt: inHours(24), window: "1d" as const };
  it("is the same for the same holder, role, end date and window", () => {
    expect(reminderDedupeKey(base)).toBe(reminderDedupeKey({ ...base }));
  });
  it.each([
    ["another end date (extended)", { endsAt: inHours(48) }],
    ["another window", { window: "7d" as const }],
    ["another holder", { environmentUserId: 6 }],
    ["another environment's role", { roleId: 10 }],
  ])("differs for %s", (_, change) => {
    expect(reminderDedupeKey({ ...base, ...change })).not.toBe(reminderDedupeKey(base));
  });
});

describe("who gets a reminder", () => {
  const person = (id: number, tenantRoles: TenantRole[] = [], isEnabled = true): ReminderPerson => ({
    id,
    tenantRoles,
    isEnabled,
  });
  const holder = person(1);
  const admins = [person(10, ["global_admin"]), person(11, ["exchange_admin"]), person(12, ["global_admin"], false)];

  it.each([
    ["a Global Administrator delegator", person(10, ["global_admin"]), [1, 10]],
    ["an Exchange Administrator delegator", person(11, ["exchange_admin"]), [1, 11]],
    [
      "a delegator now only Power Platform Administrator: every enabled GA/EA",
      person(20, ["power_platform_admin"]),
      [1, 10, 11],
    ],
    ["a delegator with no tenant role left", person(20), [1, 10, 11]],
    ["a disabled Global Administrator delegator", person(12, ["global_admin"], false), [1, 10, 11]],
    ["no recorded delegator (seeded)", null, [1, 10, 11]],
  ])("%s", (_, delegator, expected) => {
    expect(reminderRecipients({ holder, delegator, tenantAdmins: admins }).map((r) => r.id)).toEqual(expected);
  });

  it("a disabled holder gets none; the delegator still does", () => {
    expect(reminderRecipients({ holder: person(1, [], false), delegator: admins[0]!, tenantAdmins: admins })).toEqual([
      { id: 10, as: "delegator" },
    ]);
  });

  it("a Global Administrator who delegated to themselves hears once, as the holder", () => {
    const self = person(10, ["global_admin"]);
    expect(reminderRecipients({ holder: self, delegator: self, tenantAdmins: admins })).toEqual([
      { id: 10, as: "holder" },
    ]);
  });
});
