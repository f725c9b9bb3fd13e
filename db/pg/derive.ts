import { is, SQL, sql, type Column } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTable,
} from "drizzle-orm/pg-core";
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * PostgreSQL's tables derived from the SQLite definitions in db/schema (issue 19): one definition
 * of every table, column, key and index, so the two dialects cannot drift. Each SQLite column kind
 * becomes the type a PostgreSQL team would choose (booleans as boolean, instants as timestamptz,
 * JSON columns as jsonb, autoincrement keys as identity columns); plain integers stay integer, and
 * text stays text (the audit chain hashes its JSON text byte for byte, so that text is never jsonb).
 * What SQLite builds with SQL of its own (triggers, the FTS5 search table) has its PostgreSQL twin
 * in db/pg/migrations, written by hand.
 */

type AnyColumn = SQLiteColumn & { autoIncrement?: boolean; enumValues?: string[] };

/** Instants: SQLite stores epoch milliseconds; PostgreSQL keeps them to the millisecond. */
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** The PostgreSQL column for a SQLite column, by its kind; an unknown kind stops the derivation. */
function pgColumn(column: AnyColumn): PgColumnBuilderBase {
  const { name } = column;
  switch (column.columnType) {
    case "SQLiteInteger":
      return column.primary && column.autoIncrement ? integer(name).generatedByDefaultAsIdentity() : integer(name);
    case "SQLiteTimestamp":
      return instant(name);
    case "SQLiteBoolean":
      return boolean(name);
    case "SQLiteTextJson":
      return jsonb(name);
    case "SQLiteText":
      return column.enumValues?.length ? text(name, { enum: column.enumValues as [string, ...string[]] }) : text(name);
    default:
      throw new Error(`db/pg/derive.ts: no PostgreSQL type for ${column.columnType} (column ${name})`);
  }
}

/** The builder with the column's constraints: primary key, not null, default. */
function withConstraints(builder: PgColumnBuilderBase, column: AnyColumn): PgColumnBuilderBase {
  // The builders' chain methods exist on every kind; their precise types differ per kind.
  let b = builder as unknown as {
    primaryKey(): typeof b;
    notNull(): typeof b;
    default(value: unknown): typeof b;
    $defaultFn(fn: () => unknown): typeof b;
    $onUpdateFn(fn: () => unknown): typeof b;
  };
  if (column.primary) b = b.primaryKey();
  else if (column.notNull) b = b.notNull();
  if (column.default !== undefined) b = b.default(is(column.default, SQL) ? translate(column.default) : column.default);
  if (column.defaultFn) b = b.$defaultFn(column.defaultFn);
  if (column.onUpdateFn) b = b.$onUpdateFn(column.onUpdateFn);
  return b as unknown as PgColumnBuilderBase;
}

/**
 * SQLite's spelling of the few functions the definitions use, in PostgreSQL's. Any other SQLite-only
 * function in an index or default stops the derivation, so a new one cannot slip through unmapped.
 */
const SPELLINGS: [RegExp, string][] = [[/json_extract\((\w+), '\$\.(\w+)'\)/g, `("$1"::jsonb ->> '$2')`]];
const SQLITE_ONLY = /\b(json_extract|json_each|ifnull|unixepoch|strftime|glob|instr)\s*\(/i;

/** A SQL fragment of the SQLite definitions with its columns swapped for PostgreSQL's and its functions respelled. */
function translate(fragment: SQL, columns?: Record<string, unknown>): SQL {
  const out = sql.empty();
  for (const chunk of fragment.queryChunks) {
    if (is(chunk, SQL)) out.append(translate(chunk, columns));
    else if (isColumn(chunk)) {
      const twin = columns?.[chunk.name];
      if (!twin) throw new Error(`db/pg/derive.ts: column ${chunk.name} has no PostgreSQL twin`);
      out.append(sql`${twin}`);
    } else if (isStringChunk(chunk)) {
      let text = chunk.value.join("");
      for (const [pattern, replacement] of SPELLINGS) text = text.replace(pattern, replacement);
      if (SQLITE_ONLY.test(text)) throw new Error(`db/pg/derive.ts: no PostgreSQL spelling for "${text}"`);
      out.append(sql.raw(text));
    } else {
      throw new Error("db/pg/derive.ts: a definition holds a parameter, which an index or default cannot");
    }
  }
  return out;
}

const isColumn = (chunk: unknown): chunk is Column =>
  typeof chunk === "object" && chunk !== null && "columnType" in chunk && "table" in chunk;
const isStringChunk = (chunk: unknown): chunk is { value: string[] } =>
  typeof chunk === "object" && chunk !== null && Array.isArray((chunk as { value?: unknown }).value);

const derived = new WeakMap<SQLiteTable, PgTable>();

/** The PostgreSQL twin of a SQLite table: same table, column, key and index names, columns in the same order. */
export function derivePgTable(table: SQLiteTable): PgTable {
  const known = derived.get(table);
  if (known) return known;
  const config = getTableConfig(table);
  const byKey = Object.fromEntries(
    Object.entries(table).filter(([, value]) => isColumn(value)) as [string, AnyColumn][],
  );
  const keyOf = new Map(Object.entries(byKey).map(([key, column]) => [column.name, key]));
  const builders: Record<string, PgColumnBuilderBase> = {};
  for (const [key, column] of Object.entries(byKey)) {
    builders[key] = withConstraints(pgColumn(column), column);
  }
  if (config.uniqueConstraints.length || config.checks.length)
    throw new Error(`db/pg/derive.ts: ${config.name} has unique or check constraints, which it does not derive yet`);
  const pg = pgTable(config.name, builders, (t) => {
    const byName = Object.fromEntries(Object.values(t).map((c) => [(c as Column).name, c]));
    const part = (c: unknown) => (is(c, SQL) ? translate(c, byName) : byName[(c as Column).name]);
    return [
      ...config.primaryKeys.map((pk) =>
        primaryKey({ columns: pk.columns.map((c) => byName[c.name]) as [never, ...never[]] }),
      ),
      // Named by table and column: drizzle-kit's default names pass PostgreSQL's 63 characters.
      ...config.foreignKeys.map((fk) => {
        const { columns, foreignTable, foreignColumns } = fk.reference();
        const twins = columnsOf(derivePgTable(foreignTable));
        const made = foreignKey({
          name: `${config.name}_${columns.map((c) => c.name).join("_")}_fk`,
          columns: columns.map((c) => byName[c.name]) as [never, ...never[]],
          foreignColumns: foreignColumns.map((c) => twins[c.name]) as [never, ...never[]],
        });
        return fk.onDelete ? made.onDelete(fk.onDelete) : made;
      }),
      ...config.indexes.map(({ config: ix }) => {
        const made = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(
          ...(ix.columns.map(part) as [never, ...never[]]),
        );
        return ix.where ? made.where(translate(ix.where, byName)) : made;
      }),
    ];
  });
  // Every column of the SQLite table has its twin under the same key (the tests check it too).
  for (const name of keyOf.keys()) if (!columnsOf(pg)[name]) throw new Error(`db/pg/derive.ts: lost ${name}`);
  derived.set(table, pg);
  return pg;
}

/** A PostgreSQL table's columns by their SQL name. */
export function columnsOf(table: PgTable): Record<string, Column> {
  return Object.fromEntries(
    Object.values(table)
      .filter(isColumn)
      .map((c) => [c.name, c]),
  );
}
