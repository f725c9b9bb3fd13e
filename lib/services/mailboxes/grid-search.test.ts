import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { listMatchingMailboxIds, type MailboxView } from "./grid";
import { demoLookups } from "../testing/demo-lookups";
import { addSearchMailboxes, expectedIds as expectedIn, gridIds as gridIn } from "../testing/grid-search-setup";

// What the grid's search finds, fragment by fragment, against a brute-force reading of the same
// rows, on both dialects. SQLite's trigram index and query plans are in grid.test.ts.

let db: Db;
let dispose: () => Promise<void>;
const { PROD } = demoLookups(() => db);
const expectedIds = (q: string, view: "active" | "inactive") => expectedIn(db, q, view);
const gridIds = (q: string, view: MailboxView) => gridIn(db, q, view);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await addSearchMailboxes(db);
});
afterAll(() => dispose());

describe("searching the mailbox grid", () => {
  const fragments = [
    'Say "Hi',
    '"Hi"',
    '"""',
    "a*b",
    "**x",
    "n-L",
    "-Luc",
    "R OR P",
    "OR",
    "NEAR AND",
    "name:",
    "^ca",
    "0% S",
    "r_s",
    "%",
    "_",
    "k\\s",
    "zoë",
    "ZOË",
    "ñúñ",
    "🚀 R",
    "🚀",
    "search desk 0",
    "SEARCH",
    "fabrikam",
    "filler 1",
    " Ro",
    "nnlee",
    "qqqzzz",
    "ab",
  ];

  it.each(fragments)(
    "finds exactly the mailboxes whose name or address contains %j, in order, on every page",
    async (q) => {
      const expected = await expectedIds(q, "active");
      const { ids, total } = await gridIds(q, "active");
      expect(ids).toEqual(expected);
      expect(total).toBe(expected.length);
      expect(
        await listMatchingMailboxIds(db, {
          environmentId: await PROD(),
          view: "active",
          q,
          ownEnvironmentUserId: null,
        }),
      ).toEqual(expected);
    },
  );

  it("keeps the view and the environment: an inactive mailbox only in Inactive, another environment's never", async () => {
    expect((await gridIds("Search Desk", "active")).ids).toEqual(await expectedIds("Search Desk", "active"));
    expect((await gridIds("Search Desk", "inactive")).ids).toEqual(await expectedIds("Search Desk", "inactive"));
    expect(await expectedIds("Search Desk", "inactive")).toHaveLength(1);
  });
});
