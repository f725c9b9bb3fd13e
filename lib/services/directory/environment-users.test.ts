import { fillPlaceholders } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import {
  environmentUsersPageQuery,
  environmentUsersValues,
  getEnvironmentUserDetail,
  listEnvironmentUsers,
  USER_SORTS,
  USERS_PAGE_SIZE,
} from "./environment-users";
import {
  ADDABLE_USERS_LIMIT,
  addableDirectoryUsersQuery,
  findAddableDirectoryUsers,
} from "./environment-user-additions";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, PROD, actorOf, envUserId, visible } = demoLookups(() => db);
const now = new Date();

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  const insert = db.$client.prepare(
    "insert into directory_users (tenant_id, upn, display_name, created_at) values (1, ?, ?, 0)",
  );
  // Inserted in reverse, so the ids disagree with the names' order.
  for (let i = 24; i >= 0; i--)
    insert.run(`zed${String(i).padStart(2, "0")}@contoso.com`, `Zed Quist ${String(i).padStart(2, "0")}`);
  // Two members of Production under one name: a tie only the id can order.
  db.$client
    .prepare(
      "insert into environment_users (environment_id, directory_user_id, full_name, email, created_at) select ?, id, 'Zed Twin', upn, 0 from directory_users where upn in ('zed23@contoso.com', 'zed24@contoso.com')",
    )
    .run(await PROD());
});
afterAll(() => dispose());

/** The plan of a query, its placeholders (if any) filled with `values`. */
const planOf = async (
  query: { toSQL: () => { sql: string; params: unknown[] } },
  values: Record<string, unknown> = {},
) => {
  const { sql, params } = query.toSQL();
  return (await all<{ detail: string }>(`explain query plan ${sql}`, ...fillPlaceholders(params, values)))
    .map((r) => r.detail)
    .join("\n");
};
const find = async (alias: string, q: string) =>
  await findAddableDirectoryUsers(db, await actorOf(alias), { environmentId: await PROD(), q }, now);
const namesFound = async (q: string) => {
  const result = await find("sam", q);
  return result.ok ? result.users.map((u) => u.displayName) : result;
};

describe("finding a directory user to add to an environment", () => {
  it("matches the start of the display name or of the UPN, in either case", async () => {
    expect(await namesFound("EVAN")).toEqual(["Evan Evans"]);
    expect(await namesFound("evan@contoso")).toEqual(["Evan Evans"]);
    expect(await namesFound("pAULA p")).toEqual(["Paula Park"]);
    expect(await namesFound("vans")).toEqual([]);
  });

  it("leaves out members of the environment and users disabled in the directory", async () => {
    expect(await namesFound("Sam")).toEqual([]);
    expect(await namesFound("Dave")).toEqual([]);
  });

  it("lists the first matches by name and says when there are more", async () => {
    const many = await find("sam", "zed");
    expect(many).toMatchObject({ ok: true, hasMore: true });
    expect(many.ok && many.users.map((u) => u.displayName)).toEqual(
      Array.from({ length: ADDABLE_USERS_LIMIT }, (_, i) => `Zed Quist ${String(i).padStart(2, "0")}`),
    );
    // zed23 and zed24 are members already.
    expect(await find("sam", "zed quist 2")).toMatchObject({ ok: true, hasMore: false, users: { length: 3 } });
  });

  it("waits for two characters before searching", async () => {
    expect(await find("sam", " e ")).toEqual({ ok: true, users: [], hasMore: false });
  });

  it("refuses someone who may not add users here, with the rule's own reason", async () => {
    expect(await find("bob", "evan")).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_SYSTEM_ADMIN" });
  });

  it("reads each prefix as a range of an index, never the whole directory", async () => {
    const plan = await planOf(addableDirectoryUsersQuery(db, await PROD(), "ev"));
    expect(plan).toContain("directory_users_lower_name_ix");
    expect(plan).toContain("directory_users_upn_uq");
    expect(plan).not.toMatch(/SCAN directory_users/);
  });
});

describe("listing an environment's users", () => {
  it.each(USER_SORTS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => [sort, dir] as const)))(
    "sorts by %s %s through an index, without a temporary B-tree",
    async (sort, dir) => {
      const query = { q: "", roleId: null, sort, dir, page: 1 };
      expect(
        await planOf(environmentUsersPageQuery(db, query), environmentUsersValues(await PROD(), query)),
      ).not.toContain("TEMP B-TREE");
    },
  );

  it.each(["name", "status"] as const)(
    "orders by %s descending exactly as the reverse of ascending, ties included",
    async (sort) => {
      const ids = async (dir: "asc" | "desc") => {
        const seen: number[] = [];
        for (let page = 1; seen.length === (page - 1) * USERS_PAGE_SIZE; page++)
          seen.push(
            ...(
              await listEnvironmentUsers(db, await visible("users"), { q: "", roleId: null, sort, dir, page }, now)
            ).rows.map((r) => r.id),
          );
        return seen;
      };
      expect(await ids("desc")).toEqual((await ids("asc")).reverse());
    },
  );
});

describe("a delegation with an end date", () => {
  it("is listed as expired from the instant it ends, in the grid and on the user's page", async () => {
    const dma = (
      await one<{ id: number }>(
        "select id from security_roles where environment_id = ? and key = 'delegated_mailbox_approver'",
        await PROD(),
      )
    ).id;
    const nina = await envUserId("nina");
    db.$client
      .prepare(
        "insert into user_role_assignments (environment_user_id, role_id, assigned_by_id, assigned_at, ends_at) values (?, ?, null, 0, ?)",
      )
      .run(nina, dma, now.getTime());
    const ninaRole = async (at: Date) =>
      (
        await listEnvironmentUsers(
          db,
          await visible("users"),
          { q: "Nina", roleId: dma, sort: "name", dir: "asc", page: 1 },
          at,
        )
      ).rows[0]!.roles.find((r) => r.roleId === dma)!.isExpired;
    expect(await ninaRole(new Date(now.getTime() - 1))).toBe(false);
    expect(await ninaRole(now)).toBe(true);
    const detail = async (at: Date) =>
      (await getEnvironmentUserDetail(db, await visible("users"), nina, at))!.direct.find((r) => r.roleId === dma)!
        .isExpired;
    expect(await detail(new Date(now.getTime() - 1))).toBe(false);
    expect(await detail(now)).toBe(true);
  });
});
