import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { cursorOf, listMailboxes, listMatchingMailboxIds, type MailboxView } from "./grid";
import { MAX_INDEXED_HITS, resolveMailboxSearch, SAMPLE_ROWS } from "./search";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { all, PROD, envId } = demoLookups(() => db);

/** Names that mean something to LIKE or to FTS5's query syntax, and text whose case only Unicode folds. */
const TRICKY_NAMES = [
  'Say "Hi" Team',
  'Triple """ Quote',
  "Star a*b Desk",
  "Jean-Luc Picard",
  "FLOOR OR PLAN",
  "NEAR AND NOT Desk",
  "name: Ops",
  "^caret Desk",
  "100% Sales",
  "under_score Desk",
  "underXscore Desk",
  "back\\slash Desk",
  "Zoë Ñúñez",
  "Team 🚀 Rocket",
  "Ann",
];

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  const insert = db.$client.prepare(
    "insert into mailboxes (environment_id, name, email_address, regarding_type, is_active, created_at) values (?, ?, ?, 'queue', ?, 0)",
  );
  const [prod, sandbox] = [await PROD(), await envId("sandbox")];
  db.$client.transaction(() => {
    TRICKY_NAMES.forEach((name, i) =>
      insert.run(prod, name, name === "Ann" ? "lee@fabrikam.com" : `tricky${i}@fabrikam.com`, 1),
    );
    insert.run(prod, "Retired Search Desk", "retired@fabrikam.com", 0);
    insert.run(sandbox, "Sandbox Search Desk", "sandbox.search@fabrikam.com", 1);
    // More than a page of index hits, so keyset paging runs over hits too.
    for (let i = 0; i < 120; i++)
      insert.run(prod, `Search Desk ${String(i % 40).padStart(2, "0")}`, `search${i}@fabrikam.com`, 1);
    // Production grows past the sample, which these fill (they sort first), so the index is asked.
    for (let i = 0; i < SAMPLE_ROWS; i++)
      insert.run(prod, `Aa Filler ${String(i).padStart(3, "0")}`, `filler${i}@fabrikam.com`, 1);
  })();
});
afterAll(() => dispose());

/** What "contains" means in the grid: SQLite's LIKE, which folds ASCII letters only. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byNameThenId = (a: { name: string; id: number }, b: { name: string; id: number }) =>
  Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.id - b.id;

async function expectedIds(q: string, view: "active" | "inactive"): Promise<number[]> {
  const rows = await all<{ id: number; name: string; email_address: string; is_active: number }>(
    "select id, name, email_address, is_active from mailboxes where environment_id = ?",
    await PROD(),
  );
  return rows
    .filter((r) => r.is_active === (view === "active" ? 1 : 0))
    .filter((r) => [r.name, r.email_address].some((text) => asciiLower(text).includes(asciiLower(q))))
    .sort(byNameThenId)
    .map((r) => r.id);
}

/** Every page of the grid, following the keyset cursor, and the total it reports. */
async function gridIds(q: string, view: MailboxView) {
  const query = {
    environmentId: await PROD(),
    view,
    q,
    sort: "name" as const,
    dir: "asc" as const,
    before: null,
    ownEnvironmentUserId: null,
  };
  let page = await listMailboxes(db, { ...query, after: null });
  const ids = page.rows.map((r) => r.id);
  while (page.hasNext) {
    page = await listMailboxes(db, { ...query, after: cursorOf(page.rows.at(-1)!, "name") });
    ids.push(...page.rows.map((r) => r.id));
  }
  return { ids, total: page.total };
}

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

  it("looks fragments of three characters or more up in the trigram index, and scans for shorter ones", async () => {
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
