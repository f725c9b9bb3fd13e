import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, signInThrottle } from "@/db/schema";
import { decoyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { accountKey, afterFailure, lockedUntil, type ThrottleState } from "@/lib/auth/throttle";
import { appendAuditEvent, type RequestOrigin } from "./audit-log";

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" | "disabled" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/**
 * Checks a password sign-in, keeping the throttle and the audit log in the database.
 * Unknown account and wrong password are indistinguishable to the caller.
 */
export async function authenticate(
  db: Db,
  input: { email: string; password: string; origin: RequestOrigin; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const key = accountKey(input.email);
  const user = db.select().from(directoryUsers).where(eq(directoryUsers.upn, key)).get();
  const actor = user ? { id: user.id, upn: user.upn } : null;
  const target = { type: "directoryUser", id: user?.id ?? key, label: user?.upn ?? key };
  const audit = { actor, target, origin: input.origin, at: now };

  const locked = lockedUntil(readThrottle(db, key), now);
  if (locked) {
    db.transaction((tx) => {
      appendAuditEvent(tx, { ...audit, action: "SignInThrottled", reason: "TOO_MANY_FAILURES" });
    });
    return { ok: false, reason: "throttled", retryAt: locked };
  }

  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);

  return db.transaction(
    (tx): SignInResult => {
      if (!user || !passwordMatches) {
        const next = afterFailure(readThrottle(tx, key), now);
        tx.insert(signInThrottle)
          .values({ accountKey: key, ...next })
          .onConflictDoUpdate({ target: signInThrottle.accountKey, set: next })
          .run();
        appendAuditEvent(tx, { ...audit, action: "SignInFailed", reason: "INVALID_CREDENTIALS" });
        return next.lockedUntil
          ? { ok: false, reason: "throttled", retryAt: next.lockedUntil }
          : { ok: false, reason: "invalid" };
      }
      if (!user.isEnabled) {
        appendAuditEvent(tx, { ...audit, action: "SignInFailed", reason: "USER_DISABLED" });
        return { ok: false, reason: "disabled" };
      }
      tx.delete(signInThrottle).where(eq(signInThrottle.accountKey, key)).run();
      appendAuditEvent(tx, { ...audit, action: "SignInSucceeded" });
      return { ok: true, userId: user.id };
    },
    { behavior: "immediate" },
  );
}

function readThrottle(db: Db | Tx, key: string): ThrottleState | null {
  return db.select().from(signInThrottle).where(eq(signInThrottle.accountKey, key)).get() ?? null;
}
