import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { changeMailboxAddress } from "../mailboxes/changes";
import { demoLookups } from "../testing/demo-lookups";
import { addMeAsSystemAdministrator, addUserToEnvironment } from "./environment-membership";
import { listEnvironmentUsers, USER_STATES, type UserState } from "./environment-users";
import { countEnvironmentUsers } from "./user-counts";
import { setDirectoryUserEnabled } from "./user-changes";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, envId, dirId, actorOf, visible, mailbox } = demoLookups(() => db);
const now = new Date("2026-12-01T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

/** The Users page's filters as COUNT(*) finds them: enabled means here and in the directory. */
const COUNTED: Record<UserState | "all", string> = {
  all: "1",
  enabled: "eu.is_enabled = 1 and du.is_enabled = 1",
  disabled: "not (eu.is_enabled = 1 and du.is_enabled = 1)",
};

/** Every environment and filter: COUNT(*) over the memberships, the maintained count, and the page's total. */
async function totalsThreeWays() {
  const counted: Record<string, number> = {};
  const kept: Record<string, number> = {};
  const shown: Record<string, number> = {};
  for (const { id, slug } of await all<{ id: number; slug: string }>("select id, slug from environments order by id")) {
    for (const state of [null, ...USER_STATES]) {
      const key = `${slug}/${state ?? "all"}`;
      counted[key] = (
        await one<{ n: number }>(
          `select count(*) n from environment_users eu join directory_users du on du.id = eu.directory_user_id
         where eu.environment_id = ? and ${COUNTED[state ?? "all"]}`,
          id,
        )
      ).n;
      kept[key] = await countEnvironmentUsers(db, id, state ? state === "enabled" : null);
      shown[key] = (
        await listEnvironmentUsers(
          db,
          await visible("users", slug),
          { q: "", roleId: null, state, sort: "name", dir: "asc", page: 1 },
          now,
        )
      ).total;
    }
  }
  return { counted, kept, shown };
}

async function expectCountsRight() {
  const { counted, kept, shown } = await totalsThreeWays();
  expect(Object.values(counted).some((n) => n > 0)).toBe(true);
  expect(kept).toEqual(counted);
  expect(shown).toEqual(counted);
}

const count = async (slug: string, state: UserState | null) =>
  countEnvironmentUsers(db, await envId(slug), state ? state === "enabled" : null);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("the maintained user counts equal COUNT(*) after every kind of change", () => {
  it("after the seed and the migration's first fill, with a user disabled in the directory", async () => {
    expect((await one<{ n: number }>("select count(*) n from directory_users where is_enabled = 0")).n).toBeGreaterThan(
      0,
    );
    await expectCountsRight();
  });

  it("after Add user, and a new directory user added to two environments", async () => {
    const before = await count("sandbox", "enabled");
    expect(
      await addUserToEnvironment(
        db,
        await actorOf("ava"),
        { environmentId: await envId("sandbox"), directoryUserId: await dirId("cora") },
        ctx,
      ),
    ).toMatchObject({ ok: true });
    expect(await count("sandbox", "enabled")).toBe(before + 1);
    db.$client
      .prepare("insert into directory_users (tenant_id, upn, display_name, created_at) values (1, ?, 'Quinn Count', 0)")
      .run("quinn@contoso.com");
    for (const slug of ["production", "sandbox"])
      expect(
        await addUserToEnvironment(
          db,
          await actorOf("ava"),
          { environmentId: await envId(slug), directoryUserId: await dirId("quinn") },
          ctx,
        ),
      ).toMatchObject({ ok: true });
    await expectCountsRight();
  });

  it("after a directory user is disabled and enabled again (every environment they are in moves)", async () => {
    const version = async () =>
      await one<{ version: number }>("select version from directory_users where id = ?", await dirId("quinn"));
    const change = async (isEnabled: boolean) =>
      await setDirectoryUserEnabled(db, {
        actor: await actorOf("ava"),
        origin: NO_ORIGIN,
        now,
        userId: await dirId("quinn"),
        version: (await version()).version,
        isEnabled,
      });
    const enabled = await count("production", "enabled");
    expect(await change(false)).toMatchObject({ ok: true });
    expect(await count("production", "enabled")).toBe(enabled - 1);
    expect(await count("production", null)).toBe(
      (await count("production", "enabled")) + (await count("production", "disabled")),
    );
    await expectCountsRight();
    expect(await change(true)).toMatchObject({ ok: true });
    expect(await count("production", "enabled")).toBe(enabled);
    await expectCountsRight();
  });

  it("after a membership disabled in its environment is enabled again by Add me as System Administrator", async () => {
    db.$client
      .prepare("update environment_users set is_enabled = 0 where environment_id = ? and directory_user_id = ?")
      .run(await envId("production"), await dirId("ava"));
    await expectCountsRight();
    expect(
      await addMeAsSystemAdministrator(db, await actorOf("ava"), { environmentId: await envId("production") }, ctx),
    ).toMatchObject({
      ok: true,
    });
    await expectCountsRight();
  });

  it("a change that moves no count (an address, a name, a version) leaves the counts as they were", async () => {
    const { counted } = await totalsThreeWays();
    const box = await mailbox<{ id: number; version: number }>("quinn@contoso.com");
    expect(
      await changeMailboxAddress(
        db,
        await actorOf("ava"),
        {
          environmentId: await envId("production"),
          mailboxId: box.id,
          version: box.version,
          emailAddress: "quinn.count@contoso.com",
        },
        ctx,
      ),
    ).toMatchObject({ ok: true });
    db.$client.prepare("update environment_users set full_name = full_name || ' X', version = version + 1").run();
    db.$client.prepare("update environment_users set is_enabled = is_enabled").run();
    db.$client.prepare("update directory_users set is_enabled = is_enabled").run();
    expect((await totalsThreeWays()).counted).toEqual(counted);
    await expectCountsRight();
  });

  it("after bulk changes in one statement each: many directory users disabled, memberships moved and removed", async () => {
    const production = await envId("production");
    db.$client.transaction(() => {
      db.$client.prepare("update directory_users set is_enabled = 0 where upn glob 'user1[0-9]@contoso.com'").run();
      db.$client
        .prepare("update environment_users set is_enabled = 0 where environment_id = ? and email glob 'user2*'")
        .run(production);
    })();
    await expectCountsRight();
    db.$client
      .prepare(
        `insert into environment_users (environment_id, directory_user_id, full_name, email, is_enabled, created_at)
         select ?, id, display_name, upn, id % 2, 0 from directory_users
         where upn glob 'user3*' and id not in (select directory_user_id from environment_users where environment_id = ?)`,
      )
      .run(await envId("sandbox"), await envId("sandbox"));
    await expectCountsRight();
    db.$client.prepare("update directory_users set is_enabled = 1 - is_enabled where upn glob 'user*'").run();
    await expectCountsRight();
    // No service removes a membership yet; the trigger keeps the counts right when one does.
    db.$client
      .prepare(
        "delete from environment_users where id not in (select owner_id from mailboxes where owner_id is not null) and id not in (select regarding_user_id from mailboxes where regarding_user_id is not null) and email glob 'user3*'",
      )
      .run();
    await expectCountsRight();
  });
});
