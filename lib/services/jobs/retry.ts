/**
 * Which failures of a batch are worth another try. SQLite answers BUSY or LOCKED when another
 * connection held the write lock longer than busy_timeout (another server, a backup, a long
 * transaction): the batch rolled back whole, so running it again later is safe. Anything else is
 * a real error and stops the job.
 */
import "server-only";
export function isTransientDbError(error: unknown): boolean {
  let current: unknown = error;
  // Drizzle wraps the driver's error; its code sits on a cause.
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2000;

/** Exponential back-off with jitter, so two processes that collided do not collide again in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
