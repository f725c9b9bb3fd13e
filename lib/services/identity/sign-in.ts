import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers } from "@/db/schema";
import { decoyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { accountKey, addressKey } from "@/lib/auth/throttle";
import { mayUsePassword } from "@/lib/policy/break-glass";
import { appendAuditEvent, type AuditInput, type RequestOrigin } from "../audit/log";
import { startSession } from "./sessions";
import { currentTenantRoles } from "./tenant-role-sync";
import { checkAndCount, settleSuccess, waitAfterFailure, type ThrottleKeys } from "./sign-in-throttle";

/**
 * Every refusal is "invalid" or "throttled", whatever the real cause (unknown account, wrong
 * password, disabled account with the right password, an account that may not use a password
 * while local sign-in is off): the caller learns nothing about accounts.
 * The audit log keeps the real reason.
 */
export type SignInResult =
  | { ok: true; userId: number; sessionId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

/** `isLocalSignInOn` false (MAILGATE_LOCAL_SIGNIN=off): only break-glass accounts may sign in with a password. */
type Input = { email: string; password: string; origin: RequestOrigin; isLocalSignInOn?: boolean; now?: Date };

/**
 * A password sign-in in three steps: (1) one immediate transaction decides whether the password
 * may be checked and counts the attempt as a failure ahead of time; (2) the password is checked
 * (async, outside any transaction); (3) a second transaction records the outcome, and on success
 * starts the session.
 */
export async function authenticate(db: Db, input: Input): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const keys: ThrottleKeys = {
    account: accountKey(input.email),
    address: input.origin.clientIp ? addressKey(input.origin.clientIp) : null,
  };

  const start = await withTransaction(db, async (tx) => {
    const user = await findUser(tx, keys.account);
    const check = await checkAndCount(tx, keys, now);
    if (!check.decision.allowed) {
      const { retryAt, reason } = check.decision;
      await appendAuditEvent(tx, {
        ...auditBase(user, keys.account, input.origin, now),
        action: "SignInThrottled",
        reason,
        after: { retryAt: retryAt.toISOString() },
      });
    }
    return { user, check };
  });
  if (!("provisional" in start.check)) return { ok: false, reason: "throttled", retryAt: start.check.decision.retryAt };
  const { provisional } = start.check;

  // Unknown accounts are checked against a decoy, so timing does not tell which emails exist.
  const isPasswordRight = await verifyPassword(start.user?.passwordHash ?? (await decoyPasswordHash()), input.password);

  return await withTransaction(db, async (tx): Promise<SignInResult> => {
    // Read again: the user may have been disabled while the password was being checked.
    const user = await findUser(tx, keys.account);
    const audit = auditBase(user, keys.account, input.origin, now);
    const refusal =
      refusalReason(user, start.user?.id, isPasswordRight) ??
      (user &&
      !mayUsePassword(input.isLocalSignInOn ?? true, { ...user, tenantRoles: await currentTenantRoles(tx, user.id) })
        ? "LOCAL_SIGNIN_OFF"
        : null);
    if (!user || refusal) {
      await appendAuditEvent(tx, { ...audit, action: "SignInFailed", reason: refusal ?? "UNKNOWN_ACCOUNT" });
      const retryAt = waitAfterFailure(provisional, now);
      return retryAt ? { ok: false, reason: "throttled", retryAt } : { ok: false, reason: "invalid" };
    }
    await settleSuccess(tx, provisional);
    const sessionId = await startSession(tx, { userId: user.id, origin: input.origin, at: now });
    await appendAuditEvent(tx, { ...audit, action: "SignInSucceeded" });
    return { ok: true, userId: user.id, sessionId };
  });
}

/** The real reason behind a refusal, for the audit log only; null when the sign-in succeeds. */
function refusalReason(
  user: { id: number; isEnabled: boolean } | null,
  checkedUserId: number | undefined,
  isPasswordRight: boolean,
) {
  if (!user) return "UNKNOWN_ACCOUNT";
  if (!isPasswordRight || user.id !== checkedUserId) return "INVALID_CREDENTIALS";
  if (!user.isEnabled) return "USER_DISABLED";
  return null;
}

async function findUser(tx: Tx, upn: string) {
  return (await first(tx.select().from(directoryUsers).where(eq(directoryUsers.upn, upn)).limit(1))) ?? null;
}

function auditBase(
  user: { id: number; upn: string } | null,
  key: string,
  origin: RequestOrigin,
  at: Date,
): Omit<AuditInput, "action"> {
  return {
    actor: user ? { id: user.id, upn: user.upn } : null,
    target: { type: "directoryUser", id: user?.id ?? key, label: user?.upn ?? key },
    origin,
    at,
  };
}
