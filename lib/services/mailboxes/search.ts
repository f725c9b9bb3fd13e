import "server-only";
import { and, count, eq, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";

/**
 * The mailbox grid's search (issue 7): "name or address contains the fragment", case-insensitive
 * as SQLite's LIKE is. A trigram index (`mailbox_search`, FTS5, see migration 0005) finds the few
 * mailboxes a rare fragment can match without reading the environment; a common fragment is
 * cheaper to test row by row while walking the grid's own sorted index, as before.
 */

/** `hits`: the only mailboxes (of any environment) that can match; `scan`: test every row of the view. */
export type MailboxSearch =
  { kind: "none" } | { kind: "scan"; pattern: string } | { kind: "hits"; pattern: string; ids: number[] };

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

/** A phrase query for FTS5: the fragment taken literally, quotes doubled, so no operator or `*` in it means anything. */
export const ftsPhrase = (fragment: string) => `"${fragment.replaceAll('"', '""')}"`;
/** LIKE pattern for "contains", with the user's own %, _ and \ taken literally. */
const containsPattern = (fragment: string) => `%${fragment.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/** How the grid finds the mailboxes of an environment whose name or address contains `q`. */
export function resolveMailboxSearch(db: Db, environmentId: number, q: string): MailboxSearch {
  if (!q) return { kind: "none" };
  const pattern = containsPattern(q);
  // Characters, not UTF-16 units: the tokenizer counts code points.
  if ([...q].length < TRIGRAM_LENGTH) return { kind: "scan", pattern };
  // Scan without asking the index when the environment has fewer active mailboxes than the sample
  // (a scan costs nothing there), or when half the sample matches ("contoso"): then a page fills
  // at once, and there are more hits than are worth sorting. Reading the sample costs ~0.1 ms.
  const sampleRows = db
    .select({ name: mailboxes.name, emailAddress: mailboxes.emailAddress })
    .from(mailboxes)
    .where(and(eq(mailboxes.environmentId, environmentId), eq(mailboxes.isActive, true)))
    .orderBy(mailboxes.name, mailboxes.id)
    .limit(SAMPLE_ROWS)
    .as("sample");
  const sample = db
    .select({
      sampled: count(),
      matched: sql<
        number | null
      >`sum(${sampleRows.emailAddress} like ${pattern} escape '\\' or ${sampleRows.name} like ${pattern} escape '\\')`,
    })
    .from(sampleRows)
    .get()!;
  if (sample.sampled < SAMPLE_ROWS || (sample.matched ?? 0) * 2 >= sample.sampled) return { kind: "scan", pattern };
  // Raw SQL: the FTS5 table (migration 0005) is no Drizzle table, and MATCH has no Drizzle operator.
  const hits = db.all<{ id: number }>(
    sql`select rowid as id from mailbox_search where mailbox_search match ${ftsPhrase(q)} limit ${MAX_INDEXED_HITS + 1}`,
  );
  return hits.length > MAX_INDEXED_HITS
    ? { kind: "scan", pattern }
    : { kind: "hits", pattern, ids: hits.map((h) => h.id) };
}

/**
 * The search's condition. Index hits only narrow the rows: LIKE still decides, so the results are
 * exactly a scan's (the index also folds non-ASCII case, LIKE only ASCII).
 * The column the view's count reads from its index goes first, so SQLite fetches the row only when
 * that column does not match: Active and Inactive count through (…, is_active, email_address, id),
 * the status views through (…, status, name, id): several times faster than name first (bench/README.md).
 */
export function searchFilter(
  search: Exclude<MailboxSearch, { kind: "none" }>,
  { isAddressIndexed }: { isAddressIndexed: boolean },
): SQL[] {
  const name = sql`${mailboxes.name} like ${search.pattern} escape '\\'`;
  const address = sql`${mailboxes.emailAddress} like ${search.pattern} escape '\\'`;
  const contains = (isAddressIndexed ? or(address, name) : or(name, address))!;
  return search.kind === "hits"
    ? [sql`${mailboxes.id} in (select value from json_each(${JSON.stringify(search.ids)}))`, contains]
    : [contains];
}
