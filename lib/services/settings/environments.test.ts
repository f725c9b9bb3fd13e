import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { getEnvironmentOverview, type EnvironmentRow, type VisibleEnvironment } from "./environments";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { PROD, visible } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("the environment overview", () => {
  it("counts Production's seeded users and mailboxes: inactive ones apart from the status counts", async () => {
    // demo-data.ts: 48 members (dave disabled); mailboxes of 48 users and 2 queues, dave's inactive.
    expect(await getEnvironmentOverview(db, await visible("overview"), now)).toEqual({
      enabledUsers: 47,
      disabledUsers: 1,
      mailboxesByStatus: { 0: 1, 1: 23, 2: 19, 3: 6 },
      inactiveMailboxes: 1,
      dmaHolders: [],
    });
  });
});

describe("a visible environment", () => {
  it("comes only from the access check, for the page it was asked for", async () => {
    const overview = await visible("overview");
    const row: EnvironmentRow = overview;
    // @ts-expect-error a row of the table is not a pass to the environment, whatever access it claims
    const forged: VisibleEnvironment<"users"> = { ...row, access: overview.access };
    // @ts-expect-error a pass to the overview does not open the users list
    const otherPage: VisibleEnvironment<"users"> = overview;
    expect([forged.id, otherPage.id]).toEqual([await PROD(), await PROD()]);
    // Bob, a Basic User of Production, may open his own mailbox there and nothing else.
    expect(await visible("my-mailbox", "production", "bob")).not.toBeNull();
    expect(await visible("users", "production", "bob")).toBeNull();
  });
});
