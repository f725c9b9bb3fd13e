import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { listMatchingMailboxIds, type MailboxView } from "./grid";
import { resolveMailboxSearch, SAMPLE_ROWS } from "./search";
import { demoLookups } from "../testing/demo-lookups";
import { addSearchMailboxes, expectedIds as expectedIn, gridIds as gridIn } from "../testing/grid-search-setup";

// What the grid's search finds, fragment by fragment, against a brute-force reading of the same
// rows, on both dialects. SQLite's trigram index and query plans are in grid.test.ts.

let db: Db;
let dispose: () => Promise<void>;
const { all, run, PROD, envId } = demoLookups(() => db);
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

  it("looks fragments of three characters or more up in the trigram index (db/trigram-index.ts), and scans for shorter ones", async () => {
    expect(await resolveMailboxSearch(db, await PROD(), "")).toEqual({ kind: "none" });
    expect(await resolveMailboxSearch(db, await PROD(), "ab")).toMatchObject({ kind: "scan" });
    // One character to the eye, two UTF-16 units: still too short for a trigram.
    expect(await resolveMailboxSearch(db, await PROD(), "🚀")).toMatchObject({ kind: "scan" });
    const hits = await resolveMailboxSearch(db, await PROD(), "Jean-Luc");
    expect(hits).toMatchObject({ kind: "hits" });
    expect(hits.kind === "hits" && hits.ids).toHaveLength(1);
  });

  it("scans without asking the index when half the sample contains the fragment, or the environment is small", async () => {
    expect(await resolveMailboxSearch(db, await PROD(), "filler")).toMatchObject({ kind: "scan" });
    expect(await resolveMailboxSearch(db, await envId("sandbox"), "Sandbox Search")).toMatchObject({ kind: "scan" });
    expect((await gridIds("filler", "active")).total).toBe(SAMPLE_ROWS);
  });

  it("keeps the index in step when a mailbox is renamed, readdressed or deleted", async () => {
    const id = (await all<{ id: number }>("select id from mailboxes where name = 'Ann'"))[0]!.id;
    await run("update mailboxes set name = 'Annika Quist', email_address = 'annika@fabrikam.com' where id = ?", id);
    expect(await resolveMailboxSearch(db, await PROD(), "Quist")).toMatchObject({ kind: "hits", ids: [id] });
    expect((await gridIds("Quist", "active")).ids).toEqual([id]);
    expect((await gridIds("lee@fabrikam", "active")).ids).toEqual([]);
    // An approval's UPDATE leaves the index as it was, and the mailbox still found.
    await run("update mailboxes set email_status = 3, version = version + 1 where id = ?", id);
    expect((await gridIds("annika@fab", "active")).ids).toEqual([id]);
    await run("delete from mailboxes where id = ?", id);
    expect(await resolveMailboxSearch(db, await PROD(), "Quist")).toMatchObject({ kind: "hits", ids: [] });
  });

  it("keeps the view and the environment: an inactive mailbox only in Inactive, another environment's never", async () => {
    expect((await gridIds("Search Desk", "active")).ids).toEqual(await expectedIds("Search Desk", "active"));
    expect((await gridIds("Search Desk", "inactive")).ids).toEqual(await expectedIds("Search Desk", "inactive"));
    expect(await expectedIds("Search Desk", "inactive")).toHaveLength(1);
  });
});
