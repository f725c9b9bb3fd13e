import "server-only";
import { first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, tenants } from "@/db/schema";
import { accountKey, addressKey } from "@/lib/auth/throttle";
import { matchSsoAccount, type AccountMatch, type SsoTrust } from "@/lib/policy/sso-accounts";
import type { SsoClaims } from "@/lib/policy/sso-claims";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";
import { startSession } from "./sessions";
import { checkAndCount, settleSuccess, waitAfterFailure, type ThrottleKeys } from "./sign-in-throttle";
import { syncTenantRoles } from "./tenant-role-sync";

/**
 * A single sign-on sign-in, after Auth.js has checked the provider's answer (state, nonce, PKCE,
 * the ID token's issuer, audience and expiry). It goes through the same throttle, refusals,
 * sessions and audit events as a password sign-in (./sign-in.ts); the identity provider has
 * checked the password, so everything happens in one immediate transaction: match the token to a
 * portal user (link or provision on the first sign-in), refuse a disabled one, set the tenant
 * roles to the token's, start the session.
 *
 * Refusals tell the person as little as a password refusal does, except two things they already
 * know from their own token: that it comes from another organization, and that the portal has
 * no account it may match it to.
 */
export type SsoSignInResult =
  | { ok: true; userId: number; sessionId: string }
  | { ok: false; reason: "invalid" | "foreign-tenant" | "unmatched" }
  | { ok: false; reason: "throttled"; retryAt: Date };

type Input = { claims: SsoClaims; trust: SsoTrust; origin: RequestOrigin; now?: Date };
type User = typeof directoryUsers.$inferSelect;

export async function signInWithSso(db: Db, input: Input): Promise<SsoSignInResult> {
  const now = input.now ?? new Date();
  const { claims, origin } = input;
  const keys: ThrottleKeys = {
    account: accountKey(claims.upn ?? `${claims.tenantId ?? "-"}/${claims.objectId ?? "-"}`),
    address: origin.clientIp ? addressKey(origin.clientIp) : null,
  };
  return await withTransaction(db, async (tx): Promise<SsoSignInResult> => {
    const found = await findCandidates(tx, claims);
    // Only the token's own directory object names the person before a match: a UPN from another
    // tenant's token must not put a local user's name on the event.
    const audit = auditBase(found.byObject, keys.account, origin, now);
    const check = await checkAndCount(tx, keys, now);
    if (!("provisional" in check)) {
      const { retryAt, reason } = check.decision;
      await appendAuditEvent(tx, {
        ...audit,
        action: "SignInThrottled",
        reason,
        after: { retryAt: retryAt.toISOString() },
      });
      return { ok: false, reason: "throttled", retryAt };
    }

    const refuse = async (reason: string, user: User | null = null): Promise<SsoSignInResult> => {
      await appendAuditEvent(tx, {
        ...(user ? auditBase(user, keys.account, origin, now) : audit),
        action: "SignInFailed",
        reason,
        after: { method: "sso", tenantId: claims.tenantId, objectId: claims.objectId, upn: claims.upn },
      });
      const retryAt = waitAfterFailure(check.provisional, now);
      if (retryAt) return { ok: false, reason: "throttled", retryAt };
      if (reason === "FOREIGN_TENANT") return { ok: false, reason: "foreign-tenant" };
      return { ok: false, reason: reason === "USER_DISABLED" ? "invalid" : "unmatched" };
    };
    const match = matchSsoAccount(claims, input.trust, found);
    if (match.outcome === "refuse") return await refuse(match.reason);
    const matched = match.outcome === "existing" ? found.byObject : match.outcome === "link" ? found.byUpn : null;
    if (matched && !matched.isEnabled) return await refuse("USER_DISABLED", matched);

    const user = matched ?? (await provision(tx, match, claims, origin, now));
    if (match.outcome === "link") await link(tx, user, claims, origin, now);
    const who = { id: user.id, upn: user.upn };
    await syncTenantRoles(tx, { user: who, roles: claims.tenantRoles, origin, at: now });
    await settleSuccess(tx, check.provisional);
    const sessionId = await startSession(tx, { userId: user.id, origin, at: now, method: "sso" });
    await appendAuditEvent(tx, {
      ...auditBase(user, keys.account, origin, now),
      action: "SignInSucceeded",
      after: { method: "sso" },
    });
    return { ok: true, userId: user.id, sessionId };
  });
}

async function findCandidates(tx: Tx, claims: SsoClaims) {
  const byObject =
    claims.tenantId && claims.objectId
      ? ((await first(
          tx
            .select()
            .from(directoryUsers)
            .where(
              and(eq(directoryUsers.entraTenantId, claims.tenantId), eq(directoryUsers.entraObjectId, claims.objectId)),
            )
            .limit(1),
        )) ?? null)
      : null;
  const byUpn = claims.upn
    ? ((await first(tx.select().from(directoryUsers).where(eq(directoryUsers.upn, claims.upn)).limit(1))) ?? null)
    : null;
  return { byObject, byUpn };
}

/** Someone new: a directory user with no password and no environment, named as the token names them. */
async function provision(
  tx: Tx,
  match: AccountMatch,
  claims: SsoClaims,
  origin: RequestOrigin,
  at: Date,
): Promise<User> {
  if (match.outcome !== "provision") throw new Error(`Cannot provision for a ${match.outcome} match.`);
  const tenant = await first(tx.select({ id: tenants.id }).from(tenants).limit(1));
  if (!tenant) throw new Error("No tenant: run the database setup before signing in.");
  const user = await single(
    tx
      .insert(directoryUsers)
      .values({
        tenantId: tenant.id,
        upn: match.upn,
        displayName: match.displayName,
        entraTenantId: claims.tenantId,
        entraObjectId: claims.objectId,
        createdAt: at,
      })
      .returning(),
  );
  await appendAuditEvent(tx, {
    action: "UserProvisioned",
    actor: { id: user.id, upn: user.upn },
    target: { type: "directoryUser", id: user.id, label: user.upn },
    after: {
      upn: user.upn,
      displayName: user.displayName,
      email: claims.email,
      tenantId: claims.tenantId,
      objectId: claims.objectId,
    },
    reason: "First single sign-on sign-in",
    origin,
    at,
  });
  return user;
}

/** A local account's first single sign-on: from now on it is found by the token's object id. */
async function link(tx: Tx, user: User, claims: SsoClaims, origin: RequestOrigin, at: Date) {
  await tx
    .update(directoryUsers)
    .set({ entraTenantId: claims.tenantId, entraObjectId: claims.objectId })
    .where(eq(directoryUsers.id, user.id));
  await appendAuditEvent(tx, {
    action: "DirectoryUserLinked",
    actor: { id: user.id, upn: user.upn },
    target: { type: "directoryUser", id: user.id, label: user.upn },
    before: { tenantId: null, objectId: null },
    after: { tenantId: claims.tenantId, objectId: claims.objectId },
    reason: "The token's UPN matches, from the configured tenant's issuer",
    origin,
    at,
  });
}

function auditBase(user: { id: number; upn: string } | null, key: string, origin: RequestOrigin, at: Date) {
  return {
    actor: user ? { id: user.id, upn: user.upn } : null,
    target: { type: "directoryUser", id: user?.id ?? key, label: user?.upn ?? key },
    origin,
    at,
  };
}
