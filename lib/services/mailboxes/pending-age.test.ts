import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { demoLookups } from "../testing/demo-lookups";
import { listMailboxes, listMatchingMailboxIds } from "./grid";
import { getPendingAges } from "./pending-age";

// The demo's Production queue as seeded at t0 (db/seed/demo-data.ts): 20 mailboxes awaiting
// approval, 6 for under a day, 7 for one to seven days, 7 for longer (the oldest 400 hours).

let db: Db;
let dispose: () => Promise<void>;
const { PROD, visible } = demoLookups(() => db);
const t0 = new Date("2026-11-27T12:00:00Z");
const HOUR = 3_600_000;
const query = async (extra: Partial<Parameters<typeof listMailboxes>[1]>) =>
  listMailboxes(db, {
    environmentId: await PROD(),
    view: "pending",
    q: "",
    sort: "pendingSince",
    dir: "asc",
    after: null,
    before: null,
    ownEnvironmentUserId: null,
    now: t0,
    ...extra,
  });

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
});
afterAll(() => dispose());

describe("the approval queue by age", () => {
  it("the overview's oldest age and buckets", async () => {
    expect(await getPendingAges(db, await visible("overview", "production", "ava", t0), t0)).toEqual({
      oldestSince: new Date(t0.getTime() - 400 * HOUR),
      buckets: [
        { age: "lt1d", label: "Less than 1 day", count: 6 },
        { age: "1to7d", label: "1 to 7 days", count: 7 },
        { age: "gt7d", label: "More than 7 days", count: 7 },
      ],
    });
  });

  it("the Pending view filters by the same buckets and sorts by Pending since, oldest first", async () => {
    const old = await query({ age: "gt7d" });
    expect(old.total).toBe(7);
    expect(old.rows.map((r) => (t0.getTime() - r.pendingSince!.getTime()) / HOUR)).toEqual([
      400, 400, 400, 300, 200, 200, 200,
    ]);
    expect((await query({ age: "lt1d", dir: "desc" })).rows.map((r) => r.pendingSince!.getTime())).toEqual(
      [...(await query({ age: "lt1d" })).rows].reverse().map((r) => r.pendingSince!.getTime()),
    );
    expect((await query({})).total).toBe(20);
    expect(
      await listMatchingMailboxIds(db, {
        environmentId: await PROD(),
        view: "pending",
        q: "",
        ownEnvironmentUserId: null,
        age: "1to7d",
        now: t0,
      }),
    ).toHaveLength(7);
  });

  it("the age filter belongs to the Pending view: it is a no-op elsewhere", async () => {
    expect((await query({ view: "approved", age: "lt1d", sort: "name" })).total).toBe(
      (await query({ view: "approved", sort: "name" })).total,
    );
  });
});
