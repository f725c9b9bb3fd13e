/** Sign-in throttling: after 5 failures within 15 minutes an account is locked for 15 minutes. */

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export type ThrottleState = { failureCount: number; windowStartedAt: Date; lockedUntil: Date | null };

/** The instant the lock ends, or null when the account may try now. */
export function lockedUntil(state: ThrottleState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const windowOpen = state !== null && now.getTime() - state.windowStartedAt.getTime() < FAILURE_WINDOW_MS;
  const next: ThrottleState = windowOpen
    ? { ...state, failureCount: state.failureCount + 1 }
    : { failureCount: 1, windowStartedAt: now, lockedUntil: null };
  if (next.failureCount >= MAX_FAILURES) next.lockedUntil = new Date(now.getTime() + LOCK_MS);
  return next;
}

export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}
