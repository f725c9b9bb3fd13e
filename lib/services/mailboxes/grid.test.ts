import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { listMailboxes, listMatchingMailboxIds, type MailboxView } from "./grid";
import { MAX_INDEXED_HITS, resolveMailboxSearch } from "./search";
import { demoLookups } from "../testing/demo-lookups";
import { addSearchMailboxes, expectedIds as expectedIn, gridIds as gridIn } from "../testing/grid-search-setup";

// SQLite's side of the grid: its FTS5 trigram index and its query plans. What the search finds,
// fragment by fragment, when it asks the index and how the index follows changes, is tested on
// both dialects in grid-search.test.ts.

let db: Db;
let dispose: () => Promise<void>;
const { all, PROD } = demoLookups(() => db);
const expectedIds = (q: string, view: "active" | "inactive") => expectedIn(db, q, view);
const gridIds = (q: string, view: MailboxView) => gridIn(db, q, view);

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await addSearchMailboxes(db);
});
afterAll(() => dispose());

describe("searching the mailbox grid through SQLite's trigram index", () => {
  it("keeps the index in step when a mailbox is renamed, readdressed or deleted", async () => {
    const id = (await all<{ id: number }>("select id from mailboxes where name = 'Ann'"))[0]!.id;
    db.$client
      .prepare("update mailboxes set name = 'Annika Quist', email_address = 'annika@fabrikam.com' where id = ?")
      .run(id);
    expect((await gridIds("Quist", "active")).ids).toEqual([id]);
    expect((await gridIds("lee@fabrikam", "active")).ids).toEqual([]);
    db.$client.prepare("delete from mailboxes where id = ?").run(id);
    expect((await gridIds("Quist", "active")).ids).toEqual([]);
    // FTS5's own check that the index matches the mailboxes table row for row.
    expect(() =>
      db.$client.prepare("insert into mailbox_search(mailbox_search, rank) values ('integrity-check', 1)").run(),
    ).not.toThrow();
  });

  it("scans a fragment with more index hits than it would be worth sorting, with the same results", async () => {
    const insert = db.$client.prepare(
      "insert into mailboxes (environment_id, name, email_address, regarding_type, created_at) values (?, ?, ?, 'queue', 0)",
    );
    const prod = await PROD();
    db.$client.transaction(() => {
      for (let i = 0; i <= MAX_INDEXED_HITS; i++) insert.run(prod, `Common Queue ${i}`, `common${i}@northwind.com`);
    })();
    expect(await resolveMailboxSearch(db, await PROD(), "northwind")).toMatchObject({ kind: "scan" });
    const expected = await expectedIds("northwind", "active");
    const first = await listMailboxes(db, {
      environmentId: await PROD(),
      view: "active",
      q: "northwind",
      sort: "name",
      dir: "asc",
      after: null,
      before: null,
      ownEnvironmentUserId: null,
    });
    expect(first.total).toBe(expected.length);
    expect(first.rows.map((r) => r.id)).toEqual(expected.slice(0, 50));
    expect(
      await listMatchingMailboxIds(db, {
        environmentId: await PROD(),
        view: "active",
        q: "northwind",
        ownEnvironmentUserId: null,
      }),
    ).toEqual(expected);
  });
});

describe("the views' query plans", () => {
  /** The plan of the statement listMailboxes runs for one page of a view (the page's rows, not its count). */
  async function pagePlan(view: MailboxView, after: [string, number] | null): Promise<string> {
    // The statements run, read from better-sqlite3's Statement (the page's is prepared once and kept).
    const proto = Object.getPrototypeOf(db.$client.prepare("select 1")) as { all: (...args: unknown[]) => unknown };
    const run = proto.all;
    const sources: string[] = [];
    proto.all = function (this: { source: string }, ...args: unknown[]) {
      sources.push(this.source);
      return run.apply(this, args);
    };
    try {
      await listMailboxes(db, {
        environmentId: await PROD(),
        view,
        q: "",
        sort: "name",
        dir: "asc",
        after,
        before: null,
        ownEnvironmentUserId: null,
      });
    } finally {
      proto.all = run;
    }
    const page = sources.find((s) => s.includes('from "mailboxes"') && s.includes("order by"));
    if (!page) throw new Error(`no page statement among ${sources.length}`);
    const unbound = Array.from(page.matchAll(/\?/g), () => null);
    return (await all<{ detail: string }>(`explain query plan ${page}`, ...unbound)).map((r) => r.detail).join("\n");
  }

  it("Pending reads its own partial index in name order: never every mailbox of the environment", async () => {
    for (const after of [null, ["M", 0] as [string, number]]) {
      const plan = await pagePlan("pending", after);
      expect(plan).toContain("USING INDEX mailboxes_env_pending_name_ix");
      expect(plan).not.toContain("TEMP B-TREE");
    }
  });

  it("Active and Approved read an index in name order, without sorting", async () => {
    expect(await pagePlan("active", null)).toContain("USING INDEX mailboxes_env_active_name_ix");
    expect(await pagePlan("approved", null)).toContain("USING INDEX mailboxes_env_status_name_ix");
    for (const view of ["active", "approved"] as const) expect(await pagePlan(view, null)).not.toContain("TEMP B-TREE");
  });
});
