import "server-only";
import { inJsonIds, likeAnyCase } from "@/db/sql";
import { trigramIndex } from "@/db/trigram-index";
import { prepare } from "@/db/query";
import { and, count, eq, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { preparedOnce } from "../prepared";

/**
 * The mailbox grid's search (issue 7): "name or address contains the fragment", case-insensitive
 * as SQLite's LIKE is. A trigram index (db/trigram-index.ts: FTS5 on SQLite, pg_trgm on PostgreSQL) finds the few
 * mailboxes a rare fragment can match without reading the environment; a common fragment is
 * cheaper to test row by row while walking the grid's own sorted index, as before.
 * Every statement here binds the fragment, so each is prepared once and kept: building and
 * preparing them per request cost more than running them (issue 20, bench/README.md).
 */

/** `hits`: the only mailboxes (of any environment) that can match; `scan`: test every row of the view. */
export type MailboxSearch =
  | { kind: "none" }
  | { kind: "scan"; pattern: string }
  | { kind: "hits"; pattern: string; ids: number[] };

/** A trigram is three characters: a shorter fragment has nothing to look up. */
const TRIGRAM_LENGTH = 3;
/** The environment's first rows in name order, read to recognise a common fragment before asking the index. */
export const SAMPLE_ROWS = 200;
/**
 * Up to this many index hits the grid reads just those mailboxes by id and sorts them, far cheaper
 * than a scan. Beyond it the fragment is common enough that the scan fills a page at once; asking
 * costs one index read stopped here. Figures: bench/README.md, "Why the code is as it is".
 */
export const MAX_INDEXED_HITS = 5000;

/** LIKE pattern for "contains", with the user's own %, _ and \ taken literally. */
const containsPattern = (fragment: string) => `%${fragment.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/** The search's values as the grid's prepared statements bind them (searchValues fills them). */
const SEARCH = { pattern: sql.placeholder("pattern"), hitIds: sql.placeholder("hitIds") };

const prepareSample = (db: Db) => {
  const sampleRows = db
    .select({ name: mailboxes.name, emailAddress: mailboxes.emailAddress })
    .from(mailboxes)
    .where(and(eq(mailboxes.environmentId, sql.placeholder("environmentId")), eq(mailboxes.isActive, true)))
    .orderBy(mailboxes.name, mailboxes.id)
    .limit(SAMPLE_ROWS)
    .as("sample");
  return prepare(
    db
      .select({
        sampled: count(),
        matched: sql<
          number | null
        >`sum(case when ${likeAnyCase(sampleRows.emailAddress, SEARCH.pattern)} or ${likeAnyCase(sampleRows.name, SEARCH.pattern)} then 1 else 0 end)`.mapWith(
          Number,
        ),
      })
      .from(sampleRows),
  );
};

/** How the grid finds the mailboxes of an environment whose name or address contains `q`. */
export async function resolveMailboxSearch(db: Db, environmentId: number, q: string): Promise<MailboxSearch> {
  if (!q) return { kind: "none" };
  const pattern = containsPattern(q);
  // Characters, not UTF-16 units: the tokenizer counts code points.
  if ([...q].length < TRIGRAM_LENGTH) return { kind: "scan", pattern };
  // Scan without asking the index when the environment has fewer active mailboxes than the sample
  // (a scan costs nothing there), or when half the sample matches ("contoso"): then a page fills
  // at once, and there are more hits than are worth sorting. Reading the sample costs ~0.1 ms.
  const sample = (await preparedOnce(db, prepareSample).get({ environmentId, pattern }))!;
  if (sample.sampled < SAMPLE_ROWS || (sample.matched ?? 0) * 2 >= sample.sampled) return { kind: "scan", pattern };
  const ids = await preparedOnce(db, trigramIndex).hits(q, pattern, MAX_INDEXED_HITS + 1);
  return ids.length > MAX_INDEXED_HITS ? { kind: "scan", pattern } : { kind: "hits", pattern, ids };
}

/** The values searchFilter's placeholders take (null where the search has none). */
export function searchValues(search: MailboxSearch): { pattern: string | null; hitIds: string | null } {
  return {
    pattern: search.kind === "none" ? null : search.pattern,
    hitIds: search.kind === "hits" ? JSON.stringify(search.ids) : null,
  };
}

/**
 * The search's condition, its values placeholders (searchValues), so one prepared statement serves
 * every fragment of a kind. Index hits only narrow the rows: LIKE still decides, so the results are
 * exactly a scan's (the index also folds non-ASCII case, LIKE only ASCII).
 * The column the view's count reads from its index goes first, so SQLite fetches the row only when
 * that column does not match: Active and Inactive count through (…, is_active, email_address, id),
 * the status views through (…, status, name, id): several times faster than name first (bench/README.md).
 */
export function searchFilter(kind: "scan" | "hits", { isAddressIndexed }: { isAddressIndexed: boolean }): SQL[] {
  const name = likeAnyCase(mailboxes.name, SEARCH.pattern);
  const address = likeAnyCase(mailboxes.emailAddress, SEARCH.pattern);
  const contains = (isAddressIndexed ? or(address, name) : or(name, address))!;
  return kind === "hits" ? [inJsonIds(mailboxes.id, SEARCH.hitIds), contains] : [contains];
}
