import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locationOf, openDb, type Db } from "@/db/client";
import { DIALECT } from "@/db/dialect";
import { openPortalPg, poolOf } from "@/db/pg/portal";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { WINDOW_MS } from "@/lib/policy/api-rate-limit";
import { demoLookups } from "../testing/demo-lookups";
import { createApiToken } from "./api-tokens";
import { countApiRequest } from "./rate-windows";

// The API's rate limit is counted where every app server counts into the same window (issue 19:
// no such state in a process), so a token gets its limit once, not once per server. Runs on SQLite
// and on PostgreSQL (the "services on postgresql" project).

let db: Db;
let dispose: () => Promise<void>;
const { actorOf, all } = demoLookups(() => db);
const t0 = new Date("2026-11-27T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
});
afterAll(() => dispose());

async function token(name: string) {
  const created = await createApiToken(
    db,
    await actorOf("bob"),
    { name, scopes: ["mailboxes.read"], expiresAt: at(30 * 24 * 60 * 60_000) },
    { origin: { clientIp: null, userAgent: null }, now: t0 },
  );
  if (!created.ok) throw new Error(created.message);
  return created.tokenId;
}

/** Another server's handle on the same database: a second SQLite connection, or a second pool. */
function secondServer(): { db: Db; close: () => Promise<void> } {
  if (DIALECT === "postgresql") {
    const other = openPortalPg(locationOf(db), { max: 4 });
    return { db: other, close: () => poolOf(other).end() };
  }
  const other = openDb(locationOf(db));
  return { db: other, close: async () => void other.$client.close() };
}

describe("a token's requests per minute, counted for every app server at once", () => {
  it("allows the limit within a window, refuses past it, and starts a new window a minute after the first request", async () => {
    const id = await token("limited");
    const verdicts = [];
    for (const ms of [0, 10_000, 20_000, 30_000]) verdicts.push(await countApiRequest(db, id, at(ms), 3));
    expect(verdicts.map((v) => [v.isAllowed, v.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(verdicts[3]!.resetSeconds).toBe(30);
    expect(await countApiRequest(db, id, at(WINDOW_MS - 1), 3)).toMatchObject({ isAllowed: false });
    expect(await countApiRequest(db, id, at(WINDOW_MS), 3)).toMatchObject({
      isAllowed: true,
      remaining: 2,
      window: { startedAt: at(WINDOW_MS).getTime(), count: 1 },
    });
  });

  it("counts one window for two servers: each adds to the count the other sees", async () => {
    const id = await token("two servers");
    const other = secondServer();
    try {
      const counts = [];
      for (let i = 0; i < 6; i++)
        counts.push((await countApiRequest(i % 2 ? other.db : db, id, at(i), 4)).window.count);
      expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await other.close();
    }
  });

  it("counts requests arriving at once exactly, one each", async () => {
    const id = await token("busy");
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => countApiRequest(db, id, at(1_000), 15)));
    expect(verdicts.map((v) => v.window.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(verdicts.filter((v) => v.isAllowed)).toHaveLength(15);
  });

  it("keeps each token's window apart", async () => {
    const [a, b] = [await token("a"), await token("b")];
    await countApiRequest(db, a, at(0), 1);
    expect(await countApiRequest(db, a, at(1), 1)).toMatchObject({ isAllowed: false });
    expect(await countApiRequest(db, b, at(1), 1)).toMatchObject({ isAllowed: true });
  });

  it("writes none of the portal's tables: on SQLite the counts are in a file of their own, on PostgreSQL an unlogged table", async () => {
    await countApiRequest(db, await token("where"), at(0), 10);
    if (DIALECT === "postgresql") {
      const [table] = await all<{ relpersistence: string }>(
        "select relpersistence from pg_class where relname = 'api_rate_windows'",
      );
      expect(table?.relpersistence).toBe("u");
    } else {
      expect(await all("select name from sqlite_schema where name = 'api_rate_windows'")).toEqual([]);
    }
  });
});
