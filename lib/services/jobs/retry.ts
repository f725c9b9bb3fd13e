import "server-only";

/**
 * Retrying a batch that failed on a busy database (db/errors.ts, isTransientDbError, says which):
 * exponential back-off with jitter, so two processes that collided do not collide again in step.
 */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2000;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
