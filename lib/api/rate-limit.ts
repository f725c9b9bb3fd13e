/**
 * Requests per token per minute, counted in fixed windows that start at a token's first request
 * (pure; lib/api/endpoint.ts keeps the windows of this process). The limit is per process: behind
 * several servers a token gets that many per server.
 */

export const WINDOW_MS = 60_000;
export const DEFAULT_LIMIT = 600;

export type Window = { startedAt: number; count: number };
export type Verdict = { window: Window; isAllowed: boolean; limit: number; remaining: number; resetSeconds: number };

export function takeRequest(previous: Window | undefined, now: number, limit: number): Verdict {
  const window =
    previous && now - previous.startedAt < WINDOW_MS
      ? { startedAt: previous.startedAt, count: previous.count + 1 }
      : { startedAt: now, count: 1 };
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
