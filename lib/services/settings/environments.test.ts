import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { getEnvironmentOverview } from "./environments";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => void;
const { PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");

beforeAll(() => {
  ({ db, dispose } = createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("the environment overview", () => {
  it("counts Production's seeded users and mailboxes: inactive ones apart from the status counts", () => {
    // demo-data.ts: 48 members (dave disabled); mailboxes of 48 users and 2 queues, dave's inactive.
    expect(getEnvironmentOverview(db, PROD(), now)).toEqual({
      enabledUsers: 47,
      disabledUsers: 1,
      mailboxesByStatus: { 0: 1, 1: 23, 2: 19, 3: 6 },
      inactiveMailboxes: 1,
      dmaHolders: [],
    });
  });
});
