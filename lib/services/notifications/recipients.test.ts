import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { flag, instant } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import { loadNoticeFacts } from "./mailbox-facts";
import { approversOf, ownersOf } from "./recipients";

// Who is told about a pending mailbox is whoever decideApproval allows to approve it: the table
// changes one fact at a time (cumulative) and reads the recipients of two Production mailboxes,
// Nina's own user mailbox and the Support queue's.

let db: Db;
let dispose: () => Promise<void>;
const { one, run, dirId, envUserId, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
// The instant rows arranged by hand are created at (epoch 0): their dates play no part here.
const epoch = instant(new Date(0));
const roleId = async (key: string) =>
  (await one<{ id: number }>("select id from security_roles where environment_id = ? and key = ?", await PROD(), key))
    .id;
const grant = async (alias: string, key: string, endsAt: Date | null = null) =>
  run(
    "insert into user_role_assignments (environment_user_id, role_id, assigned_at, ends_at) values (?, ?, ?, ?)",
    await envUserId(alias),
    await roleId(key),
    instant(now),
    endsAt && instant(endsAt),
  );
const mailboxId = async (address: string) =>
  (
    await one<{ id: number }>(
      "select id from mailboxes where environment_id = ? and email_address = ?",
      await PROD(),
      address,
    )
  ).id;
const aliasOf = (upn: string) => upn.split("@")[0]!;

async function recipients() {
  const facts = await loadNoticeFacts(db, [
    await mailboxId("nina@contoso.com"),
    await mailboxId("support@contoso.com"),
  ]);
  const found = await approversOf(db, await PROD(), facts, now);
  const of = (id: number) => (found.get(id) ?? []).map((a) => aliasOf(a.upn)).sort();
  return { nina: of(facts[0]!.id), support: of(facts[1]!.id) };
}

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, now);
});
afterAll(() => dispose());

const STEPS: [string, () => unknown, { nina: string[]; support: string[] }][] = [
  [
    "as seeded: System Administrators without a tenant role or the delegation approve nothing",
    () => {},
    { nina: [], support: [] },
  ],
  [
    "Dana is delegated Delegated Mailbox Approver (she is System Administrator): told of every mailbox",
    () => grant("dana", "delegated_mailbox_approver"),
    { nina: ["dana"], support: ["dana"] },
  ],
  [
    "user06 holds the delegation without System Administrator: not told",
    () => grant("user06", "delegated_mailbox_approver"),
    { nina: ["dana"], support: ["dana"] },
  ],
  [
    "Evan, an Exchange Administrator, joins as a Basic User: not told",
    async () => {
      await run(
        "insert into environment_users (environment_id, directory_user_id, full_name, email, created_at) values (?, ?, 'Evan Evans', 'evan@contoso.com', ?)",
        await PROD(),
        await dirId("evan"),
        epoch,
      );
      await grant("evan", "basic_user");
    },
    { nina: ["dana"], support: ["dana"] },
  ],
  [
    "Evan becomes System Administrator: told, as a tenant admin",
    () => grant("evan", "system_administrator"),
    { nina: ["dana", "evan"], support: ["dana", "evan"] },
  ],
  [
    "the team Mail Admins (Sam, Dana) is given Delegated Mailbox Approver: it reaches nobody through a team",
    async () =>
      run(
        "insert into team_role_assignments (team_id, role_id, assigned_at) select id, ?, ? from teams where name = 'Mail Admins'",
        await roleId("delegated_mailbox_approver"),
        epoch,
      ),
    { nina: ["dana", "evan"], support: ["dana", "evan"] },
  ],
  [
    "Dana's delegation has expired: no longer told",
    async () =>
      run(
        "update user_role_assignments set ends_at = ? where environment_user_id = ? and role_id = ?",
        instant(new Date(now.getTime() - 1)),
        await envUserId("dana"),
        await roleId("delegated_mailbox_approver"),
      ),
    { nina: ["evan"], support: ["evan"] },
  ],
  [
    "Nina gets the approve privilege from a custom role: told of her own mailbox (self-approval), never of the queue",
    async () => {
      const role = (
        await one<{ id: number }>(
          "insert into security_roles (environment_id, name, is_custom, is_assignable, created_at) values (?, 'Own approver', ?, ?, ?) returning id",
          await PROD(),
          flag(true),
          flag(true),
          epoch,
        )
      ).id;
      await run(
        "insert into role_privileges (role_id, privilege, depth) values (?, 'prvApproveRejectEmailAddress', 'user')",
        role,
      );
      await run(
        "insert into user_role_assignments (environment_user_id, role_id, assigned_at) values (?, ?, ?)",
        await envUserId("nina"),
        role,
        epoch,
      );
    },
    { nina: ["evan", "nina"], support: ["evan"] },
  ],
  [
    "Evan's account is disabled: no longer told",
    async () => run("update directory_users set is_enabled = ? where id = ?", flag(false), await dirId("evan")),
    { nina: ["nina"], support: [] },
  ],
];

describe("who is told about a pending mailbox: exactly those the approval policy allows", () => {
  it.each(STEPS)("%s", async (_name, change, expected) => {
    await change();
    expect(await recipients()).toEqual(expected);
  });
});

describe("who is told as a mailbox's owner", () => {
  it("the user of a user mailbox and a queue's owner who may see it, never whoever made the change", async () => {
    const facts = await loadNoticeFacts(db, [
      await mailboxId("bob@contoso.com"),
      await mailboxId("support@contoso.com"),
    ]);
    const owners = async (except: number | null) =>
      [...(await ownersOf(db, facts, now, except))].map(([id, actor]) => [id, aliasOf(actor.upn)]);
    expect(await owners(null)).toEqual([
      [facts[0]!.id, "bob"],
      [facts[1]!.id, "sam"],
    ]);
    expect(await owners(await dirId("sam"))).toEqual([[facts[0]!.id, "bob"]]);
  });

  it("not a queue's owner who may not open the environment's mailboxes, nor a user whose membership is off", async () => {
    const [bob, support] = [await mailboxId("bob@contoso.com"), await mailboxId("support@contoso.com")];
    const owners = async () =>
      [...(await ownersOf(db, await loadNoticeFacts(db, [await bob, await support]), now, null))].map(([id]) => id);
    await run("update mailboxes set owner_id = ? where id = ?", await envUserId("bob"), support);
    expect(await owners()).toEqual([bob]);
    await run("update environment_users set is_enabled = ? where id = ?", flag(false), await envUserId("bob"));
    expect(await owners()).toEqual([]);
  });
});
