/**
 * Requests per token per minute, counted in fixed windows that start at a token's first request.
 * The windows are counted where every app server counts into the same one (db/rate-windows.ts,
 * through lib/services/identity/rate-windows.ts), so behind several servers a token gets the limit
 * once, not once per server (issue 19). This is the rule on a window that counts the request.
 */

export const WINDOW_MS = 60_000;
export const DEFAULT_LIMIT = 600;

/** A token's window as counted, this request included. */
export type Window = { startedAt: number; count: number };
export type Verdict = { window: Window; isAllowed: boolean; limit: number; remaining: number; resetSeconds: number };

export function verdictOf(window: Window, now: number, limit: number): Verdict {
  const resetSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
  return {
    window,
    isAllowed: window.count <= limit,
    limit,
    remaining: Math.max(0, limit - window.count),
    resetSeconds,
  };
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) a verdict answers with. */
export function rateLimitHeaders(verdict: Verdict): Record<string, string> {
  return {
    "RateLimit-Limit": String(verdict.limit),
    "RateLimit-Remaining": String(verdict.remaining),
    "RateLimit-Reset": String(verdict.resetSeconds),
    "RateLimit-Policy": `${verdict.limit};w=${WINDOW_MS / 1000}`,
  };
}
