import { sql, type SQL, type SQLWrapper, type Table } from "drizzle-orm";
import { DIALECT } from "./dialect";

/**
 * The few SQL fragments the services write by hand that the two dialects spell differently
 * (issue 19). Each says what it means; the dialect this process runs on (db/dialect.ts) says how.
 */
const onPg = DIALECT === "postgresql";

/**
 * A column the planner must not use an index for here (SQLite's unary `+`, where its planner would
 * pick a worse index; bench/README.md). PostgreSQL's planner costs both paths itself.
 */
export const unindexed = (column: SQLWrapper): SQL => (onPg ? sql`${column}` : sql`+${column}`);

/**
 * `column = value` for a column that leads the index a query should walk in order (its ORDER BY
 * leads with it: walkFirst). PostgreSQL's planner drops an ORDER BY column the WHERE sets equal to
 * a constant, then finds another index in the wanted order as cheap, and walks it reading every row
 * that does not match first: the audit log's page "action = MailboxApproved" read 310,000 newer
 * events of other kinds (54 ms) that way (bench/README.md, "Session 17"). As a range of one value
 * the column stays in the order, and its index is walked. SQLite is steered by `unindexed` instead.
 */
export const equalsWalked = (column: SQLWrapper, value: unknown): SQL =>
  onPg ? sql`${column} between ${value} and ${value}` : sql`${column} = ${value}`;

/** The ORDER BY's leading columns that equalsWalked fixed (PostgreSQL only; nothing on SQLite). */
export const walkFirst = (columns: readonly SQLWrapper[]): SQLWrapper[] => (onPg ? [...columns] : []);

/**
 * A table read through the named index: SQLite's `INDEXED BY`, where its planner would pick a worse
 * index (the reasons are at each use). PostgreSQL's planner costs the paths itself.
 */
export const throughIndex = (table: Table, index: string): SQL =>
  onPg ? sql`${table}` : sql`${table} indexed by ${sql.identifier(index)}`;

/**
 * The text at `key` of a column holding a JSON object as text (the audit log's before and after).
 * Spelled as db/pg/derive.ts translates the definitions' `json_extract`, so a query that repeats a
 * partial index's condition with it still matches the index on both dialects.
 */
export function jsonText(column: SQLWrapper, key: string): SQL {
  if (!/^\w+$/.test(key)) throw new Error(`jsonText: "${key}" is not a plain key`);
  return onPg
    ? sql`(${column}::jsonb ->> ${sql.raw(`'${key}'`)})`
    : sql`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/**
 * An ORDER BY term on an instant that may be missing, a missing one taken as the earliest instant
 * there is ("never") or the latest ("no end"), in either direction. PostgreSQL says so with NULLS
 * FIRST/LAST; SQLite (whose nulls sort first) orders by the epoch milliseconds with a number in the
 * null's place, the spelling its plans were measured with.
 */
export function byInstant(instant: SQLWrapper, dir: "asc" | "desc", missingAs: "earliest" | "latest"): SQL {
  const direction = sql.raw(dir === "desc" ? "desc" : "asc");
  if (!onPg)
    return sql`coalesce(${instant}, ${sql.raw(missingAs === "latest" ? "9007199254740991" : "0")}) ${direction}`;
  const missingFirst = (missingAs === "earliest") === (dir !== "desc");
  return sql`${instant} ${direction} ${sql.raw(missingFirst ? "nulls first" : "nulls last")}`;
}

/** `column` is one of the ids in a JSON array (one bound parameter, however many ids). */
export const inJsonIds = (column: SQLWrapper, ids: unknown): SQL =>
  onPg
    ? sql`${column} in (select value::integer from jsonb_array_elements_text(${ids}::jsonb))`
    : sql`${column} in (select value from json_each(${ids}))`;

/** `(a, b)` is one of the pairs in a JSON array of `[a, b]` (e.g. a mailbox's id and the version read). */
export const inJsonPairs = (a: SQLWrapper, b: SQLWrapper, pairs: unknown): SQL =>
  onPg
    ? sql`(${a}, ${b}) in (select (value ->> 0)::integer, (value ->> 1)::integer from jsonb_array_elements(${pairs}::jsonb))`
    : sql`(${a}, ${b}) in (select value ->> 0, value ->> 1 from json_each(${pairs}))`;

/** `text` starts with the constant `prefix`, case-sensitively (prefixes with no wildcard characters). */
export const hasPrefix = (text: SQLWrapper, prefix: string): SQL =>
  onPg ? sql`${text} like ${`${prefix}%`}` : sql`${text} GLOB ${`${prefix}*`}`;

/** The last character there is (U+10FFFF): `x < prefix || LAST_CHARACTER` bounds a prefix range. */
export const LAST_CHARACTER: SQL = onPg ? sql`chr(1114111)` : sql`char(1114111)`;

/** The earliest instant, for an instant column's missing value in an order: epoch 0 on both. */
export const EPOCH: SQL = onPg ? sql`'epoch'::timestamptz` : sql`0`;

/** A condition that holds for no row. */
export const NOTHING: SQL = onPg ? sql`false` : sql`0`;

/**
 * Values bound by hand to a prepared statement's placeholders, where no column encoder runs (the
 * bulk paths: lib/services/prepared.ts's param, lib/services/insert-many.ts): an instant is epoch
 * milliseconds on SQLite and a timestamp on PostgreSQL; a flag is 0/1 on SQLite and a boolean on
 * PostgreSQL.
 */
export const instant = (at: Date): number | Date => (onPg ? at : at.getTime());
export const flag = (value: boolean): number | boolean => (onPg ? value : +value);

/**
 * Text as the database keeps it. UTF-8 has no lone surrogates (a JSON body can send "\ud800"): bound
 * on its own, PostgreSQL's driver stores U+FFFD for one and SQLite's three (its UTF-8 bytes read
 * back one by one). Where a value is also hashed or compared (the audit chain), it is made
 * well-formed first, U+FFFD in the lone surrogate's place, so both store what was hashed.
 */
export function wellFormed<T extends string | null>(text: T): T {
  return text === null || text.isWellFormed() ? text : (text.toWellFormed() as T);
}

/** PostgreSQL: the text with its ASCII capitals, and nothing else, made small (lower() folds every letter). */
const asciiLower = (text: unknown): SQL =>
  sql`translate(${text}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/**
 * `text` matches a LIKE `pattern` (escaped with `\`) whatever the case of its ASCII letters, and only
 * theirs ("ZOË" does not find "Zoë"), the same on both dialects: SQLite's LIKE folds ASCII case
 * itself. PostgreSQL's ILIKE folds every letter's case, so it only narrows the rows, a superset; a
 * LIKE over both sides with A-Z translated to a-z decides.
 */
export const likeAnyCase = (text: SQLWrapper, pattern: unknown): SQL =>
  onPg
    ? sql`(${text} ilike ${pattern} escape '\\' and ${asciiLower(text)} like ${asciiLower(pattern)} escape '\\')`
    : sql`${text} like ${pattern} escape '\\'`;

/**
 * A SELECT whose rows stay locked to this transaction until it ends, so what it read still holds
 * when the transaction writes, whoever else writes meanwhile: PostgreSQL's `FOR UPDATE`; with
 * `skipLocked`, rows another transaction holds are passed over instead of waited for (a server
 * claiming work takes what nobody is busy with). SQLite has no row locks and needs none: its
 * transactions begin holding the database's one write lock (BEGIN IMMEDIATE, db/transaction.ts).
 */
export function forUpdate<Q>(query: Q, options: { skipLocked?: boolean } = {}): Q {
  if (!onPg) return query;
  const locking = query as unknown as { for(strength: "update", config?: { skipLocked: true }): unknown };
  return locking.for("update", options.skipLocked ? { skipLocked: true } : undefined) as Q;
}
