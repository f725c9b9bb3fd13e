/**
 * When a server-side session is still good (pure). A session ends when it is revoked (Sign out,
 * Sign out everywhere, the user disabled or stripped of their last tenant role), after an idle
 * spell, or at the latest when the token itself would expire.
 */

export const SESSION_MAX_AGE_MS = 8 * 60 * 60_000;
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 60;
/** Last seen is written at most this often per session: one small write a minute, not one per request. */
export const LAST_SEEN_INTERVAL_MS = 60_000;
/**
 * The session cookie's token is re-encrypted with a later expiry at most this often: the request's
 * own token goes back until then. Its expiry (sign-in + 8 hours at the earliest) never comes before
 * the server-side session's end, which is what the rules above decide.
 */
export const SESSION_TOKEN_RENEW_AFTER_MS = 5 * 60_000;

export type SessionFacts = { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null };

/** `MAILGATE_IDLE_TIMEOUT_MINUTES` (1 to 480, the session's own lifetime, as lib/env.ts checks it), else the default. */
export function idleTimeoutMs(minutes: number | undefined): number {
  return (minutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES) * 60_000;
}

export function isSessionLive(session: SessionFacts, now: Date, idleMs: number): boolean {
  const t = now.getTime();
  return (
    session.revokedAt === null &&
    t - session.lastSeenAt.getTime() < idleMs &&
    t - session.createdAt.getTime() < SESSION_MAX_AGE_MS
  );
}

export function isLastSeenStale(session: SessionFacts, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_INTERVAL_MS;
}
