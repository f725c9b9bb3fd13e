import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { flag } from "@/db/sql";
import { withTransaction } from "@/db/transaction";
import { cursorOf, listMailboxes, type MailboxView } from "../mailboxes/grid";
import { SAMPLE_ROWS } from "../mailboxes/search";
import { demoLookups } from "./demo-lookups";

/**
 * The mailboxes the grid's search is tried on, and what it should find, by brute force: the
 * comparison on both dialects (mailboxes/grid-search.test.ts) and SQLite's index internals
 * (mailboxes/grid.test.ts) search the same rows.
 */

/** Names that mean something to LIKE or to FTS5's query syntax, and text whose case only Unicode folds. */
export const TRICKY_NAMES = [
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

/** Adds the searched mailboxes to the seeded demo, in one transaction. */
export async function addSearchMailboxes(db: Db): Promise<void> {
  const { PROD, envId } = demoLookups(() => db);
  const [prod, sandbox] = [await PROD(), await envId("sandbox")];
  const queue = (environmentId: number, name: string, emailAddress: string, isActive = true) => ({
    environmentId,
    name,
    emailAddress,
    regardingType: "queue" as const,
    isActive,
    createdAt: new Date(0),
  });
  await withTransaction(db, async () => {
    await db.insert(mailboxes).values([
      ...TRICKY_NAMES.map((name, i) =>
        queue(prod, name, name === "Ann" ? "lee@fabrikam.com" : `tricky${i}@fabrikam.com`),
      ),
      queue(prod, "Retired Search Desk", "retired@fabrikam.com", false),
      queue(sandbox, "Sandbox Search Desk", "sandbox.search@fabrikam.com"),
      // More than a page of index hits, so keyset paging runs over hits too.
      ...Array.from({ length: 120 }, (_, i) =>
        queue(prod, `Search Desk ${String(i % 40).padStart(2, "0")}`, `search${i}@fabrikam.com`),
      ),
      // Production grows past the sample, which these fill (they sort first), so the index is asked.
      ...Array.from({ length: SAMPLE_ROWS }, (_, i) =>
        queue(prod, `Aa Filler ${String(i).padStart(3, "0")}`, `filler${i}@fabrikam.com`),
      ),
    ]);
  });
}

/** What "contains" means in the grid: SQLite's LIKE, which folds ASCII letters only. */
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byNameThenId = (a: { name: string; id: number }, b: { name: string; id: number }) =>
  Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || a.id - b.id;

/** The Production mailboxes of the view whose name or address contains `q`, by brute force, in the grid's order. */
export async function expectedIds(db: Db, q: string, view: "active" | "inactive"): Promise<number[]> {
  const { all, PROD } = demoLookups(() => db);
  const rows = await all<{ id: number; name: string; email_address: string; is_active: number | boolean }>(
    "select id, name, email_address, is_active from mailboxes where environment_id = ?",
    await PROD(),
  );
  return rows
    .filter((r) => r.is_active === flag(view === "active"))
    .filter((r) => [r.name, r.email_address].some((text) => asciiLower(text).includes(asciiLower(q))))
    .sort(byNameThenId)
    .map((r) => r.id);
}

/** Every page of Production's grid for `q`, following the keyset cursor, and the total it reports. */
export async function gridIds(db: Db, q: string, view: MailboxView) {
  const query = {
    environmentId: await demoLookups(() => db).PROD(),
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
