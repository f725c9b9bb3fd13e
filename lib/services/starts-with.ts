import "server-only";
import { LAST_CHARACTER } from "@/db/sql";
import { sql, type SQLWrapper } from "drizzle-orm";

/**
 * `text` starts with `prefix`, as a range an index on `text` can seek (U+10FFFF sorts after every
 * character): the pickers' prefix searches read one index range each, in order, and stop at a page.
 */
export const startsWith = (text: SQLWrapper, prefix: SQLWrapper | string) =>
  sql`(${text} >= ${prefix} and ${text} < ${prefix} || ${LAST_CHARACTER})`;
