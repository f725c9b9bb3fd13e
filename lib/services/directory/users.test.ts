import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "../identity/actor";
import { NO_ORIGIN } from "../audit/log";
import { createDirectoryUser, saveTenantRoles, setDirectoryUserEnabled, setExchangeFacts } from "./user-changes";
import { directoryUsersPageQuery, getDirectoryUserDetail, listDirectoryUsers, openTenantDirectory } from "./users";
import { authenticate } from "../identity/sign-in";

let db: Db;
let dispose: () => Promise<void>;
beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const idOf = (alias: string) =>
  one<{ id: number }>("select id from directory_users where upn = ?", `${alias}@contoso.com`).id;
const versionOf = (alias: string) =>
  one<{ version: number }>("select version from directory_users where id = ?", idOf(alias)).version;
const as = async (alias: string): Promise<Actor> => (await loadActor(db, idOf(alias)))!;
const directoryOf = async (alias: string) => {
  const opened = await openTenantDirectory(db, await as(alias));
  if (!opened.ok) throw new Error(opened.message);
  return opened.directory;
};
const who = async (alias: string) => ({
  actor: await as(alias),
  origin: { clientIp: "203.0.113.5", userAgent: "vitest" },
});
const events = () =>
  all<{ action: string; target_label: string; before: string | null; after: string | null; actor_upn: string }>(
    "select * from audit_events where action not in ('DemoTenantSeeded') order by seq",
  );
/** Everything the tenant admin area can change, to show that a refused write changed nothing. */
const snapshot = () =>
  JSON.stringify([
    all("select * from directory_users order by id"),
    all("select directory_user_id, role from tenant_role_assignments order by id"),
    all("select * from exchange_recipients order by id"),
    all("select seq from audit_events"),
  ]);

describe("the directory grid", () => {
  it("pages 50 users at a time in display-name order, with roles and Exchange facts", async () => {
    const first = await listDirectoryUsers(db, await directoryOf("evan"), { q: "", page: 1 });
    expect(first).toMatchObject({ total: 51, pageCount: 2 });
    expect(first.rows).toHaveLength(50);
    const names = first.rows.map((r) => r.displayName);
    expect(names).toEqual([...names].sort());
    expect(first.rows.find((r) => r.upn === "ava@contoso.com")).toMatchObject({
      tenantRoles: ["global_admin"],
      exchange: { kind: "user", isLicensed: true },
    });
    expect(first.rows.find((r) => r.upn === "lena@contoso.com")).toMatchObject({
      exchange: { kind: "user", isLicensed: false },
    });
    expect((await listDirectoryUsers(db, await directoryOf("evan"), { q: "", page: 2 })).rows).toHaveLength(1);
  });

  it("searches display names and UPNs by contains, case-insensitively, with % taken literally", async () => {
    expect(
      (await listDirectoryUsers(db, await directoryOf("ava"), { q: "ALVAREZ", page: 1 })).rows.map((r) => r.upn),
    ).toEqual(["ava@contoso.com"]);
    expect((await listDirectoryUsers(db, await directoryOf("ava"), { q: "user0", page: 1 })).total).toBe(9);
    expect((await listDirectoryUsers(db, await directoryOf("ava"), { q: "%", page: 1 })).total).toBe(0);
  });

  it("reads the page through the (tenant, display name, id) index, without sorting", () => {
    const { sql, params } = directoryUsersPageQuery(db, 1, "", 1).toSQL();
    const plan = all<{ detail: string }>(`explain query plan ${sql}`, ...params)
      .map((r) => r.detail)
      .join("\n");
    expect(plan).toContain("directory_users_tenant_name_ix");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  it("shows a user's environments, and nothing for an unknown id", async () => {
    const sam = (await getDirectoryUserDetail(db, await directoryOf("ava"), idOf("sam")))!;
    expect(sam.environments.map((e) => [e.name, e.isEnabled])).toEqual([
      ["Contoso Production", true],
      ["Contoso Sandbox", true],
    ]);
    expect(sam.enabledGlobalAdmins).toBe(1);
    expect(await getDirectoryUserDetail(db, await directoryOf("ava"), 99_999)).toBeNull();
  });
});

describe("opening the directory", () => {
  it("opens for the four tenant admin roles, and refuses everyone else with the rule's reason", async () => {
    for (const alias of ["ava", "evan", "paula"])
      expect((await openTenantDirectory(db, await as(alias))).ok).toBe(true);
    expect(await openTenantDirectory(db, await as("sam"))).toMatchObject({ ok: false, reason: "NOT_TENANT_ADMIN" });
    expect(await openTenantDirectory(db, await as("bob"))).toMatchObject({ ok: false, reason: "NOT_TENANT_ADMIN" });
  });
});

describe("creating a directory user", () => {
  const newUser = {
    displayName: " Nora New ",
    upn: " Nora@Contoso.com ",
    password: "a-long-password-1",
    hasLicensedMailbox: true,
  };

  it("a Global Administrator creates one with a lower-case UPN and a licensed mailbox; the audit has no password", async () => {
    const result = await createDirectoryUser(db, { ...(await who("ava")), ...newUser });
    expect(result).toMatchObject({ ok: true });
    expect(one("select display_name, is_enabled from directory_users where upn = 'nora@contoso.com'")).toEqual({
      display_name: "Nora New",
      is_enabled: 1,
    });
    expect(one("select kind, is_licensed from exchange_recipients where address = 'nora@contoso.com'")).toEqual({
      kind: "user",
      is_licensed: 1,
    });
    const event = events().at(-1)!;
    expect(event).toMatchObject({
      action: "UserCreated",
      target_label: "nora@contoso.com",
      actor_upn: "ava@contoso.com",
    });
    expect(JSON.stringify(event)).not.toMatch(/argon2|password/i);
    expect(
      await authenticate(db, { email: "nora@contoso.com", password: newUser.password, origin: NO_ORIGIN }),
    ).toMatchObject({ ok: true });
  });

  it("refuses a UPN that exists, next to the field, and changes nothing", async () => {
    const before = snapshot();
    expect(await createDirectoryUser(db, { ...(await who("ava")), ...newUser, upn: "BOB@contoso.com" })).toEqual({
      ok: false,
      code: null,
      reason: "INVALID_INPUT",
      field: "upn",
      message: "A user with this user principal name already exists.",
    });
    expect(snapshot()).toBe(before);
  });

  it("an Exchange Administrator is refused and nothing is written", async () => {
    const before = snapshot();
    const result = await createDirectoryUser(db, { ...(await who("evan")), ...newUser });
    expect(result).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_GLOBAL_ADMIN" });
    expect(snapshot()).toBe(before);
  });
});

describe("tenant roles", () => {
  it("a Global Administrator gives and takes a role, one event per role, bumping the version", async () => {
    const bob = idOf("bob");
    expect(
      await saveTenantRoles(db, {
        ...(await who("ava")),
        userId: bob,
        version: 1,
        roles: ["exchange_admin", "dynamics365_admin"],
      }),
    ).toEqual({ ok: true, message: "Roles saved." });
    expect(versionOf("bob")).toBe(2);
    expect(
      await saveTenantRoles(db, { ...(await who("ava")), userId: bob, version: 2, roles: ["exchange_admin"] }),
    ).toMatchObject({
      ok: true,
    });
    expect(events().map((e) => [e.action, e.before ?? e.after])).toEqual([
      ["TenantRoleAssigned", '{"role":"exchange_admin"}'],
      ["TenantRoleAssigned", '{"role":"dynamics365_admin"}'],
      ["TenantRoleRemoved", '{"role":"dynamics365_admin"}'],
    ]);
    expect((await as("bob")).tenantRoles).toEqual(["exchange_admin"]);
  });

  it("saving the same roles again writes nothing", async () => {
    const before = snapshot();
    expect(
      await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("ava"), version: 1, roles: ["global_admin"] }),
    ).toEqual({
      ok: true,
      message: "Nothing to change.",
    });
    expect(snapshot()).toBe(before);
  });

  it("a crafted save by an Exchange Administrator is refused on the server and changes nothing", async () => {
    const before = snapshot();
    const result = await saveTenantRoles(db, {
      ...(await who("evan")),
      userId: idOf("evan"),
      version: 1,
      roles: ["global_admin", "exchange_admin"],
    });
    expect(result).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_GLOBAL_ADMIN" });
    expect(snapshot()).toBe(before);
  });

  it("someone who cannot see the directory gets 'not found'", async () => {
    expect(
      await saveTenantRoles(db, { ...(await who("sam")), userId: idOf("bob"), version: 1, roles: [] }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });

  it("the last Global Administrator cannot remove their own role", async () => {
    const before = snapshot();
    const result = await saveTenantRoles(db, {
      ...(await who("ava")),
      userId: idOf("ava"),
      version: 1,
      roles: ["exchange_admin"],
    });
    expect(result).toMatchObject({ ok: false, code: "0x80040220", reason: "LAST_GLOBAL_ADMIN" });
    expect(snapshot()).toBe(before);
  });

  it("two Global Administrators removing each other: the second is refused on the facts at write time", async () => {
    await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("bob"), version: 1, roles: ["global_admin"] });
    const bob = await who("bob"); // loaded while both are Global Administrators
    expect(
      await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("bob"), version: 2, roles: [] }),
    ).toMatchObject({
      ok: true,
    });
    const result = await saveTenantRoles(db, { ...bob, userId: idOf("ava"), version: 1, roles: [] });
    expect(result).toMatchObject({ ok: false, reason: "LAST_GLOBAL_ADMIN" });
  });

  it("a form loaded before someone else's change is refused and changes nothing", async () => {
    await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("bob"), version: 1, roles: ["exchange_admin"] });
    const before = snapshot();
    const result = await saveTenantRoles(db, {
      ...(await who("ava")),
      userId: idOf("bob"),
      version: 1,
      roles: ["power_platform_admin"],
    });
    expect(result).toMatchObject({
      ok: false,
      code: "0x80060882",
      reason: "STALE_VERSION",
      message: "This user changed since you loaded it. Reload to see the current state, then try again.",
    });
    expect(snapshot()).toBe(before);
  });
});

describe("enabling and disabling", () => {
  it("a Global Administrator disables a user, who then cannot sign in, and enables them again", async () => {
    expect(
      await setDirectoryUserEnabled(db, { ...(await who("ava")), userId: idOf("bob"), version: 1, isEnabled: false }),
    ).toMatchObject({ ok: true });
    expect(events().at(-1)).toMatchObject({
      action: "UserDisabled",
      before: '{"isEnabled":true}',
      after: '{"isEnabled":false}',
    });
    expect(await authenticate(db, { email: "bob@contoso.com", password: "Contoso-Demo-1", origin: NO_ORIGIN })).toEqual(
      { ok: false, reason: "invalid" },
    );
    expect(
      one("select count(*) n from environment_users where directory_user_id = ? and is_enabled = 1", idOf("bob")),
    ).toEqual({ n: 2 });
    expect(
      await setDirectoryUserEnabled(db, { ...(await who("ava")), userId: idOf("bob"), version: 2, isEnabled: true }),
    ).toMatchObject({ ok: true });
    expect(events().at(-1)).toMatchObject({ action: "UserEnabled" });
  });

  it("a Global Administrator cannot disable themselves", async () => {
    const before = snapshot();
    expect(
      await setDirectoryUserEnabled(db, { ...(await who("ava")), userId: idOf("ava"), version: 1, isEnabled: false }),
    ).toMatchObject({ ok: false, reason: "SELF_DISABLE" });
    expect(snapshot()).toBe(before);
  });

  it("disabling the last enabled Global Administrator is refused, even by one whose own role just went", async () => {
    await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("bob"), version: 1, roles: ["global_admin"] });
    const bob = await who("bob");
    await saveTenantRoles(db, { ...(await who("ava")), userId: idOf("bob"), version: 2, roles: [] });
    const before = snapshot();
    expect(
      await setDirectoryUserEnabled(db, { ...bob, userId: idOf("ava"), version: 1, isEnabled: false }),
    ).toMatchObject({
      ok: false,
      reason: "LAST_GLOBAL_ADMIN",
    });
    expect(snapshot()).toBe(before);
  });

  it("a Power Platform Administrator cannot disable anyone", async () => {
    const before = snapshot();
    expect(
      await setDirectoryUserEnabled(db, { ...(await who("paula")), userId: idOf("bob"), version: 1, isEnabled: false }),
    ).toMatchObject({ ok: false, reason: "NOT_GLOBAL_ADMIN" });
    expect(snapshot()).toBe(before);
  });
});

describe("Exchange facts", () => {
  const lena = () => one("select kind, is_licensed from exchange_recipients where address = 'lena@contoso.com'");

  it("an Exchange Administrator licenses a mailbox; the event keeps only what changed", async () => {
    expect(
      await setExchangeFacts(db, {
        ...(await who("evan")),
        userId: idOf("lena"),
        version: 1,
        exchange: { kind: "user", isLicensed: true },
      }),
    ).toMatchObject({ ok: true });
    expect(lena()).toEqual({ kind: "user", is_licensed: 1 });
    expect(events().at(-1)).toMatchObject({
      action: "ExchangeFactsChanged",
      before: '{"isLicensed":false}',
      after: '{"isLicensed":true}',
      actor_upn: "evan@contoso.com",
    });
    expect(versionOf("lena")).toBe(2);
  });

  it("'none' removes the recipient, and setting it again creates one", async () => {
    await setExchangeFacts(db, {
      ...(await who("ava")),
      userId: idOf("lena"),
      version: 1,
      exchange: { kind: "none", isLicensed: true },
    });
    expect(lena()).toBeUndefined();
    await setExchangeFacts(db, {
      ...(await who("ava")),
      userId: idOf("lena"),
      version: 2,
      exchange: { kind: "shared", isLicensed: false },
    });
    expect(lena()).toEqual({ kind: "shared", is_licensed: 0 });
  });

  it("a Power Platform Administrator is refused and nothing changes", async () => {
    const before = snapshot();
    const result = await setExchangeFacts(db, {
      ...(await who("paula")),
      userId: idOf("lena"),
      version: 1,
      exchange: { kind: "user", isLicensed: true },
    });
    expect(result).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_EXCHANGE_ADMIN" });
    expect(snapshot()).toBe(before);
  });
});
