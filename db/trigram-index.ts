import { sql } from "drizzle-orm";
import { DIALECT } from "./dialect";
import { rawRows } from "./query";
import type { Db } from "./types";

/**
 * The mailbox grid search's trigram index (lib/services/mailboxes/search.ts), asked for the
 * mailboxes, of any environment, whose name or address may contain a fragment of three characters
 * or more: a superset (it folds every letter's case), so the grid's LIKE still decides.
 * - SQLite: the FTS5 trigram table `mailbox_search` (migration 0005), asked with a phrase.
 * - PostgreSQL: pg_trgm's GIN indexes on the table `mailbox_search` (db/pg/migrations/0005), asked
 *   with the LIKE pattern. A table of their own, so that an approval's UPDATE of 10,000 mailboxes
 *   does not write 10,000 rows' trigrams again.
 * Raw SQL: neither table is a Drizzle table, and FTS5's MATCH has no Drizzle operator.
 */
export type TrigramIndex = {
  /** At most `limit` ids; `pattern` is the fragment as a LIKE pattern escaped with `\`. */
  hits(fragment: string, pattern: string, limit: number): Promise<number[]>;
};

/** A phrase query for FTS5: the fragment taken literally, quotes doubled, so no operator or `*` in it means anything. */
export const ftsPhrase = (fragment: string) => `"${fragment.replaceAll('"', '""')}"`;

/** The index's statement for `db`; the caller keeps it (lib/services/prepared.ts, preparedOnce). */
export function trigramIndex(db: Db): TrigramIndex {
  if (DIALECT === "postgresql")
    return {
      hits: async (_fragment, pattern, limit) =>
        (
          await rawRows<{ id: number }>(
            db,
            sql`select mailbox_id as id from mailbox_search where name ilike ${pattern} escape '\\' or email_address ilike ${pattern} escape '\\' limit ${limit}`,
          )
        ).map((row) => row.id),
    };
  const statement = db.$client
    .prepare<[string, number], number>("select rowid from mailbox_search where mailbox_search match ? limit ?")
    .pluck();
  return { hits: async (fragment, _pattern, limit) => statement.all(ftsPhrase(fragment), limit) };
}
