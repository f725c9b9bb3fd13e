import "server-only";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, directoryUsers, tenants } from "@/db/schema";
import { LAST_SEEN_INTERVAL_MS } from "@/lib/auth/session-rules";
import type { Actor } from "@/lib/policy/actor";
import { decideTokenUse, isExpiredUseAuditDue, parseScopes, type ApiScope } from "@/lib/policy/api-tokens";
import { appendAuditEvent, type RequestOrigin } from "../audit/log";
import { preparedOnce } from "../prepared";
import { loadActor } from "./actor";
import { hashTokenSecret, isTokenShaped } from "./api-tokens";

export type TokenIdentity = { id: number; name: string; scopes: ApiScope[] };
export type TokenAuth =
  | { ok: true; actor: Actor; token: TokenIdentity }
  | { ok: false; reason: string; message: string };

const INVALID = { ok: false, reason: "TOKEN_INVALID", message: "This is not a valid API token." } as const;

/**
 * The actor a REST request acts as: the token's owner, with rights re-read from the database now
 * (as a session's are on every page), so a removed role or a disabled owner stops the token at
 * once. Notes "last used" at most once a minute, and audits a use after expiry at most once an hour.
 */
export async function authenticateApiToken(
  db: Db,
  input: { secret: string; origin: RequestOrigin; now: Date },
): Promise<TokenAuth> {
  if (!isTokenShaped(input.secret)) return INVALID;
  const found = await preparedOnce(db, prepareTokenLookup).get({ hash: hashTokenSecret(input.secret) });
  if (!found) return INVALID;
  const { token } = found;
  const decision = decideTokenUse(
    { ...token, isOwnerEnabled: found.isOwnerEnabled, isApiTokensOn: found.isApiTokensOn },
    input.now,
  );
  if (!decision.allowed) {
    if (decision.reason === "TOKEN_EXPIRED" && isExpiredUseAuditDue(token.expiredUseAuditedAt, input.now))
      await auditExpiredUse(db, { ...token, ownerUpn: found.ownerUpn }, input);
    return { ok: false, reason: decision.reason!, message: decision.message };
  }
  const actor = await loadActor(db, token.ownerId);
  if (!actor?.isEnabled) return { ok: false, reason: "USER_DISABLED", message: "The owner of this token is disabled." };
  if (!token.lastUsedAt || input.now.getTime() - token.lastUsedAt.getTime() >= LAST_SEEN_INTERVAL_MS)
    await db.update(apiTokens).set({ lastUsedAt: input.now }).where(eq(apiTokens.id, token.id));
  return { ok: true, actor, token: { id: token.id, name: token.name, scopes: parseScopes(token.scopes) } };
}

/**
 * The token by its secret's hash, with its owner and whether their tenant allows tokens at all: one
 * statement, prepared once, as every REST request reads it (on PostgreSQL each is a round trip).
 */
function prepareTokenLookup(db: Db) {
  return prepare(
    db
      .select({
        token: apiTokens,
        ownerUpn: directoryUsers.upn,
        isOwnerEnabled: directoryUsers.isEnabled,
        isApiTokensOn: tenants.isApiTokensOn,
      })
      .from(apiTokens)
      .innerJoin(directoryUsers, eq(directoryUsers.id, apiTokens.ownerId))
      .innerJoin(tenants, eq(tenants.id, directoryUsers.tenantId))
      .where(eq(apiTokens.secretHash, sql.placeholder("hash")))
      .limit(1),
  );
}

async function auditExpiredUse(
  db: Db,
  token: { id: number; name: string; ownerId: number; ownerUpn: string; expiresAt: Date },
  input: { origin: RequestOrigin; now: Date },
) {
  await withTransaction(db, async (tx) => {
    await tx.update(apiTokens).set({ expiredUseAuditedAt: input.now }).where(eq(apiTokens.id, token.id));
    await appendAuditEvent(tx, {
      action: "ApiTokenUsedAfterExpiry",
      actor: { id: token.ownerId, upn: token.ownerUpn },
      target: { type: "apiToken", id: token.id, label: `${token.name} (${token.ownerUpn})` },
      after: { expiredAt: token.expiresAt.toISOString() },
      origin: { ...input.origin, token: { id: token.id, name: token.name } },
      at: input.now,
    });
  });
}
