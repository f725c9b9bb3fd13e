import { getTableColumns, sql, type SQL, type Table } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { wellFormed } from "../sql";

/**
 * Many rows in ONE INSERT on PostgreSQL: the rows travel as one JSON parameter, and
 * `json_populate_recordset` turns it back into rows of the table's own types. Bound one by one, a
 * 10,000-row approval's 180,000 audit values and 110,000 notice values cost the pg driver and
 * Drizzle about 1.2 s of Node's CPU; as JSON, Node writes one string and PostgreSQL parses it once
 * (bench/README.md, "Session 17"). The rows go in the order given. Values are as
 * lib/services/insert-many.ts takes them: instants as Date, flags as booleans; a property left out
 * (undefined) is stored as NULL, as a bound undefined is.
 */

export type JsonInsert = {
  /** The column of each of the caller's values, in their order: each row's JSON property names. */
  names: string[];
  /** The INSERT up to its parameter, and the rest after it. */
  head: string;
  tail: string;
};

/** The statement that writes `columns` (the table's property names) of `table`, built once by its caller. */
export function jsonInsert(
  table: Table,
  columns: readonly string[],
  options: { onConflictDoNothing?: boolean; returning?: Record<string, string> } = {},
): JsonInsert {
  const config = getTableConfig(table as PgTable);
  const all = getTableColumns(table);
  const names = columns.map((key) => {
    const column = all[key];
    if (!column) throw new Error(`db/pg/json-rows.ts: ${config.name} has no column ${key}`);
    return column.name;
  });
  const list = names.map((name) => `"${name}"`).join(", ");
  const returning = options.returning
    ? ` returning ${Object.entries(options.returning)
        .map(([alias, key]) => `"${all[key]!.name}" as "${alias}"`)
        .join(", ")}`
    : "";
  return {
    names,
    head: `insert into "${config.name}" (${list}) select ${list} from json_populate_recordset(null::"${config.name}", `,
    tail: `::json)${options.onConflictDoNothing ? " on conflict do nothing" : ""}${returning}`,
  };
}

/**
 * The statement for `rows` rows of `values` (row after row, one value per column). Text is made
 * well-formed (db/sql.ts): JSON would carry a lone surrogate as an escape PostgreSQL refuses.
 */
export function jsonInsertOf(statement: JsonInsert, values: readonly unknown[], from: number, rows: number): SQL {
  const { names } = statement;
  const width = names.length;
  // Objects and one JSON.stringify: a quarter of the time of writing the text value by value.
  const objects = new Array<Record<string, unknown>>(rows);
  for (let row = 0; row < rows; row++) {
    const object: Record<string, unknown> = {};
    const at = (from + row) * width;
    for (let i = 0; i < width; i++) {
      const value = values[at + i];
      object[names[i]!] = typeof value === "string" ? wellFormed(value) : value;
    }
    objects[row] = object;
  }
  return sql`${sql.raw(statement.head)}${JSON.stringify(objects)}${sql.raw(statement.tail)}`;
}
