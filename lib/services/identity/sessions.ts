import "server-only";
import { affected, first, prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, sessions } from "@/db/schema";
import { isLastSeenStale, isSessionLive, SESSION_MAX_AGE_MS } from "@/lib/auth/session-rules";
import type { Actor } from "@/lib/policy/actor";
import { preparedOnce } from "../prepared";
import { loadActor } from "./actor";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";

/** Why every session of a user was ended by someone else's change (the SessionsRevoked event's reason). */
export type RevokeCause = "USER_DISABLED" | "LAST_TENANT_ROLE_REMOVED";

/**
 * Starts a session inside the sign-in's transaction and returns its id (256 random bits), and drops
 * the user's sessions that ended long ago so the table stays the size of the live ones.
 */
export async function startSession(
  tx: Tx,
  input: { userId: number; origin: RequestOrigin; at: Date; method?: "password" | "sso" },
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const longAgo = new Date(input.at.getTime() - SESSION_MAX_AGE_MS);
  await tx
    .delete(sessions)
    .where(
      and(
        eq(sessions.directoryUserId, input.userId),
        or(isNotNull(sessions.revokedAt), lt(sessions.lastSeenAt, longAgo)),
      ),
    );
  await tx.insert(sessions).values({
    id,
    directoryUserId: input.userId,
    createdAt: input.at,
    lastSeenAt: input.at,
    clientIp: input.origin.clientIp,
    userAgent: input.origin.userAgent,
    method: input.method ?? "password",
  });
  return id;
}

/** The user a live session belongs to, or null; notes the visit at most once a minute. */
export async function findLiveSession(
  db: Db,
  input: { sessionId: string; now: Date; idleTimeoutMs: number },
): Promise<{ userId: number } | null> {
  const session = await preparedOnce(db, prepareFindSession).get({ id: input.sessionId });
  if (!session || !isSessionLive(session, input.now, input.idleTimeoutMs)) return null;
  if (isLastSeenStale(session, input.now)) {
    await db.update(sessions).set({ lastSeenAt: input.now }).where(eq(sessions.id, session.id));
  }
  return { userId: session.directoryUserId };
}

// Every request reads its session: prepared once.
const prepareFindSession = (db: Db) =>
  prepare(
    db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder("id"))),
  );

/**
 * The actor a request acts as: the enabled owner of a live session, or null. A token from before
 * sessions existed names no session, so it counts as signed out.
 */
export async function loadSessionActor(
  db: Db,
  input: { sessionId: string | undefined; now: Date; idleTimeoutMs: number },
): Promise<Actor | null> {
  if (!input.sessionId) return null;
  const live = await findLiveSession(db, { ...input, sessionId: input.sessionId });
  const actor = live ? await loadActor(db, live.userId) : null;
  return actor?.isEnabled ? actor : null;
}

/** How a session began ("password" or "sso"), or null for no such session. */
export async function sessionMethod(db: Db, sessionId: string): Promise<"password" | "sso" | null> {
  return (
    (await first(db.select({ method: sessions.method }).from(sessions).where(eq(sessions.id, sessionId)).limit(1)))
      ?.method ?? null
  );
}

/** Sign out: ends this one session. Ending one that already ended changes nothing and is not audited. */
export async function endSession(
  db: Db,
  input: { sessionId: string; origin: RequestOrigin; now?: Date },
): Promise<boolean> {
  const at = input.now ?? new Date();
  return await withTransaction(db, async (tx) => {
    const ended = await first(
      tx
        .update(sessions)
        .set({ revokedAt: at, revokedReason: "SIGNED_OUT" })
        .where(and(eq(sessions.id, input.sessionId), isNull(sessions.revokedAt)))
        .returning({ userId: sessions.directoryUserId }),
    );
    if (!ended) return false;
    const user = (await first(
      tx
        .select({ id: directoryUsers.id, upn: directoryUsers.upn })
        .from(directoryUsers)
        .where(eq(directoryUsers.id, ended.userId))
        .limit(1),
    ))!;
    await appendAuditEvent(tx, {
      action: "SignedOut",
      actor: user,
      target: { type: "directoryUser", id: user.id, label: user.upn },
      origin: input.origin,
      at,
    });
    return true;
  });
}

/** "Sign out everywhere": ends every session of the actor, this one included. */
export async function endAllSessions(
  db: Db,
  input: { actor: Actor; origin: RequestOrigin; now?: Date },
): Promise<number> {
  const at = input.now ?? new Date();
  const who = { id: input.actor.id, upn: input.actor.upn };
  return await withTransaction(db, async (tx) => {
    const count = await revokeUserSessions(tx, { userId: who.id, reason: "SIGNED_OUT_EVERYWHERE", at });
    await appendAuditEvent(tx, {
      action: "SignedOutEverywhere",
      actor: who,
      target: { type: "directoryUser", id: who.id, label: who.upn },
      after: { sessions: count },
      origin: input.origin,
      at,
    });
    return count;
  });
}

/**
 * Ends every session of a user inside the caller's transaction (which audits it) and returns how
 * many had not ended yet.
 */
export async function revokeUserSessions(
  tx: Tx,
  input: { userId: number; reason: RevokeCause | "SIGNED_OUT_EVERYWHERE"; at: Date },
): Promise<number> {
  return affected(
    await tx
      .update(sessions)
      .set({ revokedAt: input.at, revokedReason: input.reason })
      .where(and(eq(sessions.directoryUserId, input.userId), isNull(sessions.revokedAt))),
  );
}
