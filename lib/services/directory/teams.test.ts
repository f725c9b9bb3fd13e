import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { addTeamMember, removeTeamMember, saveTeamRoles } from "./team-changes";
import { getTeam, listAddableUsers, listTeams } from "./teams";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, actorOf, PROD, visible } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

const team = async (name: string) =>
  await one<{ id: number; version: number }>("select id, version from teams where name = ?", name);
const envUser = async (alias: string) =>
  (
    await one<{ id: number }>(
      "select eu.id from environment_users eu join directory_users d on d.id = eu.directory_user_id where d.upn = ? and eu.environment_id = ?",
      `${alias}@contoso.com`,
      await PROD(),
    )
  ).id;
const role = async (key: string) =>
  (await one<{ id: number }>("select id from security_roles where key = ? and environment_id = ?", key, await PROD()))
    .id;
const events = async () =>
  await all<{ action: string; target_type: string; target_label: string; before: string | null; after: string | null }>(
    "select action, target_type, target_label, before, after from audit_events where action like 'Team%' order by seq",
  );
const teamRoleCount = async () => (await one<{ n: number }>("select count(*) n from team_role_assignments")).n;

const member = async (alias: string, teamName = "Mail Admins") => ({
  environmentId: await PROD(),
  teamId: (await team(teamName)).id,
  version: (await team(teamName)).version,
  environmentUserId: await envUser(alias),
});

describe("reading teams", () => {
  it("lists Production's teams with member counts and role names", async () => {
    expect(await listTeams(db, await visible("teams"))).toEqual([
      { id: (await team("Mail Admins")).id, name: "Mail Admins", type: "owner", memberCount: 2, roleNames: [] },
      {
        id: (await team("Sales Team")).id,
        name: "Sales Team",
        type: "entra_group",
        memberCount: 6,
        roleNames: ["Basic User"],
      },
    ]);
  });

  it("offers only enabled users who are not members yet", async () => {
    const names = (await listAddableUsers(db, await visible("teams"), (await team("Mail Admins")).id)).map(
      (u) => u.fullName,
    );
    expect(names).not.toContain("Sam Sato");
    expect(names).not.toContain("Dave Dunn");
    expect(names).toContain("Nina Novak");
  });
});

describe("a team's security roles", () => {
  it("Delegated Mailbox Approver is refused for a team with 0x80090905, even for a Global Administrator, and nothing is written", async () => {
    for (const alias of ["sam", "ava"]) {
      const result = await saveTeamRoles(
        db,
        await actorOf(alias),
        {
          environmentId: await PROD(),
          teamId: (await team("Mail Admins")).id,
          version: 1,
          roleIds: [await role("delegated_mailbox_approver")],
        },
        ctx,
      );
      expect(result).toMatchObject({ ok: false, code: "0x80090905", reason: "DMA_NOT_FOR_TEAMS" });
    }
    expect(await teamRoleCount()).toBe(1);
    expect(await events()).toEqual([]);
    expect((await team("Mail Admins")).version).toBe(1);
  });

  it("one refused role leaves the whole save undone", async () => {
    const roleIds = [await role("basic_user"), await role("delegated_mailbox_approver")];
    expect(
      await saveTeamRoles(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), teamId: (await team("Mail Admins")).id, version: 1, roleIds },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: "0x80090905" });
    expect((await getTeam(db, await visible("teams"), (await team("Mail Admins")).id))!.roles).toEqual([]);
  });

  it("a System Administrator replaces a team's roles, one audit event per role, and the version moves on", async () => {
    const sales = await team("Sales Team");
    const result = await saveTeamRoles(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        teamId: sales.id,
        version: sales.version,
        roleIds: [await role("environment_maker")],
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: true, added: 1, removed: 1 });
    expect((await getTeam(db, await visible("teams"), sales.id))!.roles.map((r) => r.name)).toEqual([
      "Environment Maker",
    ]);
    expect(await events()).toEqual([
      {
        action: "TeamRoleRemoved",
        target_type: "team",
        target_label: "Sales Team",
        before: '{"role":"Basic User"}',
        after: null,
      },
      {
        action: "TeamRoleAssigned",
        target_type: "team",
        target_label: "Sales Team",
        before: null,
        after: '{"role":"Environment Maker"}',
      },
    ]);
    expect((await team("Sales Team")).version).toBe(sales.version + 1);
  });

  it("a System Customizer cannot change a team's roles", async () => {
    const result = await saveTeamRoles(
      db,
      await actorOf("cora"),
      {
        environmentId: await PROD(),
        teamId: (await team("Mail Admins")).id,
        version: 1,
        roleIds: [await role("basic_user")],
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_SYSTEM_ADMIN" });
    expect(await events()).toEqual([]);
  });

  it("a save from a stale form is refused and changes nothing", async () => {
    const result = await saveTeamRoles(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        teamId: (await team("Mail Admins")).id,
        version: 0,
        roleIds: [await role("basic_user")],
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: false, reason: "STALE_VERSION" });
    expect(await teamRoleCount()).toBe(1);
  });
});

describe("a team's members", () => {
  it("sam adds and removes a member of Mail Admins, each with an audit event", async () => {
    expect(await addTeamMember(db, await actorOf("sam"), await member("nina"), ctx)).toMatchObject({
      ok: true,
      message: "Added Nina Novak to Mail Admins.",
    });
    expect(
      (await getTeam(db, await visible("teams"), (await team("Mail Admins")).id))!.members.map((m) => m.fullName),
    ).toEqual(["Dana Diaz", "Nina Novak", "Sam Sato"]);
    expect(await removeTeamMember(db, await actorOf("sam"), await member("nina"), ctx)).toMatchObject({ ok: true });
    expect(
      (await getTeam(db, await visible("teams"), (await team("Mail Admins")).id))!.members.map((m) => m.fullName),
    ).toEqual(["Dana Diaz", "Sam Sato"]);
    const after = { environmentUserId: await envUser("nina"), name: "Nina Novak", email: "nina@contoso.com" };
    expect(await events()).toEqual([
      {
        action: "TeamMemberAdded",
        target_type: "team",
        target_label: "Mail Admins",
        before: null,
        after: JSON.stringify({ ...after, rolesGained: [] }),
      },
      {
        action: "TeamMemberRemoved",
        target_type: "team",
        target_label: "Mail Admins",
        before: JSON.stringify({ ...after, rolesLost: [] }),
        after: null,
      },
    ]);
    expect((await team("Mail Admins")).version).toBe(3);
  });

  it("an add from a stale form is refused with nothing written", async () => {
    const stale = await member("nina");
    await addTeamMember(db, await actorOf("sam"), await member("lena"), ctx);
    expect(await addTeamMember(db, await actorOf("sam"), stale, ctx)).toMatchObject({
      ok: false,
      reason: "STALE_VERSION",
    });
    expect((await events()).map((e) => e.action)).toEqual(["TeamMemberAdded"]);
  });

  it("a System Customizer cannot change members; nothing is written", async () => {
    expect(await addTeamMember(db, await actorOf("cora"), await member("nina"), ctx)).toMatchObject({
      ok: false,
      code: "0x80040220",
      reason: "NOT_SYSTEM_ADMIN",
    });
    expect(await removeTeamMember(db, await actorOf("cora"), await member("sam"), ctx)).toMatchObject({
      ok: false,
      reason: "NOT_SYSTEM_ADMIN",
    });
    expect(await events()).toEqual([]);
  });

  it("refuses a disabled user, an existing member and a user of another environment as field errors", async () => {
    expect(await addTeamMember(db, await actorOf("sam"), await member("dave"), ctx)).toMatchObject({
      ok: false,
      field: "environmentUserId",
    });
    expect(await addTeamMember(db, await actorOf("sam"), await member("dana"), ctx)).toMatchObject({
      ok: false,
      field: "environmentUserId",
      message: "Dana Diaz is already a member of Mail Admins.",
    });
    const sandboxSam = (
      await one<{ id: number }>(
        "select eu.id from environment_users eu join environments e on e.id = eu.environment_id where e.slug = 'sandbox' limit 1",
      )
    ).id;
    expect(
      await addTeamMember(db, await actorOf("sam"), { ...(await member("nina")), environmentUserId: sandboxSam }, ctx),
    ).toMatchObject({
      ok: false,
      field: "environmentUserId",
    });
    expect(await events()).toEqual([]);
  });

  it("a team of an environment the actor cannot see is not found", async () => {
    const input = {
      ...(await member("nina")),
      environmentId: (await one<{ id: number }>("select id from environments where slug = 'sandbox'")).id,
    };
    expect(await addTeamMember(db, await actorOf("bob"), await member("nina"), ctx)).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await addTeamMember(db, await actorOf("sam"), await input, ctx)).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });
});
