import "server-only";
import { first } from "@/db/query";
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import {
  afterFailure,
  decideAttempt,
  RULES,
  withoutOneFailure,
  type AttemptDecision,
  type ThrottleScope,
  type ThrottleState,
} from "@/lib/auth/throttle";

/**
 * The throttle's bookkeeping in the database. An attempt is counted as a failure *before* its
 * password is checked, in the same immediate transaction that decided it may be checked, so a
 * concurrent burst cannot all pass the check before any of them is counted. A success then takes
 * its own provisional failure back.
 */

export type ThrottleKeys = { account: string; address: string | null };
type Counted = { scope: ThrottleScope; key: string; before: ThrottleState | null; after: ThrottleState };
export type Provisional = Counted[];

export type CheckResult =
  | { decision: Extract<AttemptDecision, { allowed: false }> }
  | { decision: { allowed: true }; provisional: Provisional };

async function read(tx: Tx, scope: ThrottleScope, key: string): Promise<ThrottleState | null> {
  const row = await first(
    tx
      .select()
      .from(signInThrottle)
      .where(and(eq(signInThrottle.scope, scope), eq(signInThrottle.key, key)))
      .limit(1),
  );
  return row
    ? { failureCount: row.failureCount, lastFailureAt: row.lastFailureAt, lockedUntil: row.lockedUntil }
    : null;
}

async function write(tx: Tx, scope: ThrottleScope, key: string, state: ThrottleState | null) {
  if (!state) {
    await tx.delete(signInThrottle).where(and(eq(signInThrottle.scope, scope), eq(signInThrottle.key, key)));
    return;
  }
  await tx
    .insert(signInThrottle)
    .values({ scope, key, ...state })
    .onConflictDoUpdate({ target: [signInThrottle.scope, signInThrottle.key], set: state });
}

const same = (a: ThrottleState | null, b: ThrottleState) =>
  a !== null &&
  a.failureCount === b.failureCount &&
  a.lastFailureAt.getTime() === b.lastFailureAt.getTime() &&
  a.lockedUntil?.getTime() === b.lockedUntil?.getTime();

/** Call inside an immediate transaction: decides the attempt and, when allowed, counts it as a failure. */
export async function checkAndCount(tx: Tx, keys: ThrottleKeys, now: Date): Promise<CheckResult> {
  await forgetOldFailures(tx, now);
  const account = await read(tx, "account", keys.account);
  const address = keys.address === null ? null : await read(tx, "address", keys.address);
  const decision = decideAttempt(account, address, now);
  if (!decision.allowed) return { decision };
  const provisional: Provisional = [
    { scope: "account", key: keys.account, before: account, after: afterFailure(account, RULES.account, now) },
  ];
  if (keys.address !== null)
    provisional.push({
      scope: "address",
      key: keys.address,
      before: address,
      after: afterFailure(address, RULES.address, now),
    });
  for (const counted of provisional) await write(tx, counted.scope, counted.key, counted.after);
  return { decision, provisional };
}

/** The wait the provisional failures put in force, if any: a failed attempt is told when to try again. */
export function waitAfterFailure(provisional: Provisional, now: Date): Date | null {
  const waits = provisional.map((c) => c.after.lockedUntil).filter((d): d is Date => d !== null && d > now);
  return waits.length ? new Date(Math.max(...waits.map((d) => d.getTime()))) : null;
}

/**
 * After the password was right: when nobody counted since, the account's failures are cleared and
 * the address is put back as it was; otherwise only this attempt's failure is taken back, and any
 * wait that other attempts put in force meanwhile stays (a success never lifts a lock in force).
 */
export async function settleSuccess(tx: Tx, provisional: Provisional) {
  for (const counted of provisional) {
    const current = await read(tx, counted.scope, counted.key);
    if (same(current, counted.after))
      await write(tx, counted.scope, counted.key, counted.scope === "account" ? null : counted.before);
    else if (current) await write(tx, counted.scope, counted.key, withoutOneFailure(current));
  }
}

/** Rows no rule would read any more: so unknown emails tried once do not pile up. */
async function forgetOldFailures(tx: Tx, now: Date) {
  const forgottenBefore = new Date(now.getTime() - Math.max(RULES.account.resetAfterMs, RULES.address.resetAfterMs));
  await tx
    .delete(signInThrottle)
    .where(
      and(
        lte(signInThrottle.lastFailureAt, forgottenBefore),
        or(isNull(signInThrottle.lockedUntil), lte(signInThrottle.lockedUntil, now)),
      ),
    );
}
