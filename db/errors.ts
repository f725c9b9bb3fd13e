/**
 * Which failures of a transaction are worth another try (issue 19: each driver says it its own way).
 * The transaction rolled back whole, so running it again later is safe; anything else is a real
 * error. SQLite answers BUSY or LOCKED when another connection held the write lock longer than the
 * wait allowed (another server, a backup, a long transaction). PostgreSQL gives a SQLSTATE: a lock
 * not granted within lock_timeout (55P03), a deadlock it broke by ending this transaction (40P01),
 * a serialization failure (40001).
 */
const PG_TRANSIENT = new Set(["55P03", "40P01", "40001"]);

export function isTransientDbError(error: unknown): boolean {
  let current: unknown = error;
  // Drizzle wraps the driver's error; its code sits on a cause.
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (/^SQLITE_(BUSY|LOCKED)/.test(code) || PG_TRANSIENT.has(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
