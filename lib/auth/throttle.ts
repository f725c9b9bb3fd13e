/**
 * Sign-in throttling rules (pure). Failures are counted per account and per client address. A few
 * failures are free; after that each failure makes the next attempt wait twice as long as the one
 * before (capped), so five wrong passwords cost the real owner seconds, not a quarter of an hour.
 * Only a long run of failures locks an account hard. While a wait is in force no password is
 * checked at all, so a burst cannot get more guesses through than the free ones.
 */

export type ThrottleScope = "account" | "address";

export type ThrottleRule = {
  /** Failures that cost nothing. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A quiet spell this long (with no wait in force) forgets the failures. */
  resetAfterMs: number;
  hardLock?: { afterFailures: number; lockMs: number };
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const ACCOUNT_RULE: ThrottleRule = {
  freeFailures: 5,
  baseDelayMs: 30 * SECOND,
  maxDelayMs: 15 * MINUTE,
  // Longer than the hard lock, so past 50 failures every further one locks again until a quiet day or a success.
  resetAfterMs: 24 * 60 * MINUTE,
  hardLock: { afterFailures: 50, lockMs: 60 * MINUTE },
};

/** One address trying many accounts (password spraying). Only failures count, so busy offices are fine. */
export const ADDRESS_RULE: ThrottleRule = {
  freeFailures: 100,
  baseDelayMs: 30 * SECOND,
  maxDelayMs: 15 * MINUTE,
  resetAfterMs: 60 * MINUTE,
};

export const RULES: Record<ThrottleScope, ThrottleRule> = { account: ACCOUNT_RULE, address: ADDRESS_RULE };

export type ThrottleState = { failureCount: number; lastFailureAt: Date; lockedUntil: Date | null };

/** The instant the wait ends, or null when an attempt may be checked now. */
export function lockedUntil(state: ThrottleState | null, now: Date): Date | null {
  return state?.lockedUntil && state.lockedUntil.getTime() > now.getTime() ? state.lockedUntil : null;
}

/** How long the next attempt must wait after this many failures. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
  if (rule.hardLock && failures >= rule.hardLock.afterFailures) return rule.hardLock.lockMs;
  if (failures < rule.freeFailures) return 0;
  const doublings = Math.min(failures - rule.freeFailures, 30);
  return Math.min(rule.baseDelayMs * 2 ** doublings, rule.maxDelayMs);
}

export function isHardLocked(state: ThrottleState | null, rule: ThrottleRule, now: Date): boolean {
  return Boolean(rule.hardLock && lockedUntil(state, now) && state!.failureCount >= rule.hardLock.afterFailures);
}

export function afterFailure(state: ThrottleState | null, rule: ThrottleRule, now: Date): ThrottleState {
  const isForgotten =
    !state || (!lockedUntil(state, now) && now.getTime() - state.lastFailureAt.getTime() >= rule.resetAfterMs);
  const failureCount = isForgotten ? 1 : state.failureCount + 1;
  const delay = delayAfter(failureCount, rule);
  return { failureCount, lastFailureAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

/** Takes back one failure counted ahead of the password check that then succeeded; a wait in force stays. */
export function withoutOneFailure(state: ThrottleState): ThrottleState {
  return { ...state, failureCount: Math.max(0, state.failureCount - 1) };
}

export type AttemptDecision =
  | { allowed: true }
  | { allowed: false; retryAt: Date; reason: "ACCOUNT_LOCKED" | "ACCOUNT_THROTTLED" | "ADDRESS_THROTTLED" };

/** Whether an attempt may have its password checked now; the later of the two waits wins. */
export function decideAttempt(
  account: ThrottleState | null,
  address: ThrottleState | null,
  now: Date,
): AttemptDecision {
  const accountUntil = lockedUntil(account, now);
  const addressUntil = lockedUntil(address, now);
  if (!accountUntil && !addressUntil) return { allowed: true };
  if (addressUntil && (!accountUntil || addressUntil > accountUntil))
    return { allowed: false, retryAt: addressUntil, reason: "ADDRESS_THROTTLED" };
  const reason = isHardLocked(account, ACCOUNT_RULE, now) ? "ACCOUNT_LOCKED" : "ACCOUNT_THROTTLED";
  return { allowed: false, retryAt: accountUntil!, reason };
}

export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The bucket a client address counts in: an IPv4 address as is; an IPv6 address by its /64,
 * because one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(ip: string): string {
  const address = ip.trim().toLowerCase().split("%")[0]!;
  const mapped = MAPPED_IPV4.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address.slice(0, 64);
  const [head = "", tail] = address.split("::");
  const groups = (part: string | undefined) =>
    part
      ? part
          .split(":")
          .map((g) => (g.includes(".") ? ["0", "0"] : [g]))
          .flat()
      : [];
  const before = groups(head);
  const after = groups(tail);
  const full =
    tail === undefined
      ? before
      : [...before, ...Array(Math.max(0, 8 - before.length - after.length)).fill("0"), ...after];
  const prefix = full.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(":")}::/64`;
}
