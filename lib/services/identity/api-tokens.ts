import "server-only";
import { affected, first, single } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, directoryUsers } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import {
  checkTokenExpiry,
  decideCreateApiToken,
  decideManageApiTokens,
  parseScopes,
  type ApiScope,
} from "@/lib/policy/api-tokens";
import { appendAuditEvent } from "../audit/log";
import { NOT_FOUND_RESULT, refusal, type ActionContext, type ServiceResult } from "../result";
import { getTenantSettings } from "../settings/tenant-settings";

/** Personal access tokens (DOMAIN §11): made by their owner, shown once, stored as a hash, revocable. */

/** `mgp_` and 256 random bits in base64url: recognisable in logs and secret scanners, and never guessed. */
const TOKEN_PATTERN = /^mgp_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept to tell tokens apart in lists ("mgp_Ab12…"): 24 of its 256 bits. */
const PREFIX_LENGTH = 8;

export const isTokenShaped = (secret: string) => TOKEN_PATTERN.test(secret);
export const hashTokenSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export type ApiTokenState = "active" | "expired" | "revoked";
export type ApiTokenView = {
  id: number;
  name: string;
  scopes: ApiScope[];
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  state: ApiTokenState;
};

const tokenLabel = (name: string, ownerUpn: string) => `${name} (${ownerUpn})`;

/** Creates a token for the actor; the answer carries the secret, which is never shown again. */
export async function createApiToken(
  db: Db,
  actor: Actor,
  input: { name: string; scopes: ApiScope[]; expiresAt: Date },
  ctx: ActionContext,
): Promise<ServiceResult<{ tokenId: number; secret: string }>> {
  return await withTransaction(db, async (tx): Promise<ServiceResult<{ tokenId: number; secret: string }>> => {
    const decision = decideCreateApiToken(actor, await getTenantSettings(tx));
    if (!decision.allowed) return refusal(decision);
    const terms = checkTokenExpiry(input.expiresAt, ctx.now);
    if (!terms.ok) return { ok: false, code: null, reason: terms.reason, message: terms.message, field: terms.field };
    const secret = `mgp_${randomBytes(32).toString("base64url")}`;
    const scopes = [...new Set(input.scopes)];
    const { id } = await single(
      tx
        .insert(apiTokens)
        .values({
          ownerId: actor.id,
          name: input.name,
          scopes: scopes.join(" "),
          secretHash: hashTokenSecret(secret),
          prefix: secret.slice(0, PREFIX_LENGTH),
          createdAt: ctx.now,
          expiresAt: input.expiresAt,
        })
        .returning({ id: apiTokens.id }),
    );
    await appendAuditEvent(tx, {
      action: "ApiTokenCreated",
      actor: { id: actor.id, upn: actor.upn },
      target: { type: "apiToken", id, label: tokenLabel(input.name, actor.upn) },
      after: { name: input.name, scopes, expiresAt: input.expiresAt.toISOString() },
      origin: ctx.origin,
      at: ctx.now,
    });
    return { ok: true, tokenId: id, secret, message: `Created ${input.name}. Copy it now: it is shown only once.` };
  });
}

/** A user's tokens, newest first, for the owner or a Global Administrator; null for anyone else. */
export async function listApiTokens(db: Db, actor: Actor, ownerId: number, now: Date): Promise<ApiTokenView[] | null> {
  if (!decideManageApiTokens(actor, ownerId).allowed) return null;
  return (await db.select().from(apiTokens).where(eq(apiTokens.ownerId, ownerId)).orderBy(desc(apiTokens.id))).map(
    (row) => ({
      id: row.id,
      name: row.name,
      scopes: parseScopes(row.scopes),
      prefix: row.prefix,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
      state: row.revokedAt ? "revoked" : row.expiresAt.getTime() <= now.getTime() ? "expired" : "active",
    }),
  );
}

/** Revoke: the owner's own, or anyone's by a Global Administrator. Revoking twice changes nothing. */
export async function revokeApiToken(
  db: Db,
  actor: Actor,
  input: { tokenId: number },
  ctx: ActionContext,
): Promise<ServiceResult> {
  return await withTransaction(db, async (tx): Promise<ServiceResult> => {
    const token = await first(
      tx
        .select({ token: apiTokens, ownerUpn: directoryUsers.upn })
        .from(apiTokens)
        .innerJoin(directoryUsers, eq(directoryUsers.id, apiTokens.ownerId))
        .where(eq(apiTokens.id, input.tokenId))
        .limit(1),
    );
    if (!token || !decideManageApiTokens(actor, token.token.ownerId).allowed) return NOT_FOUND_RESULT;
    const { name } = token.token;
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now, revokedById: actor.id })
      .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt)));
    if (affected(revoked) === 0) return { ok: true, message: `${name} was already revoked.` };
    await appendAuditEvent(tx, {
      action: "ApiTokenRevoked",
      actor: { id: actor.id, upn: actor.upn },
      target: { type: "apiToken", id: input.tokenId, label: tokenLabel(name, token.ownerUpn) },
      before: { state: "Active", expiresAt: token.token.expiresAt.toISOString() },
      after: { state: "Revoked" },
      origin: ctx.origin,
      at: ctx.now,
    });
    return { ok: true, message: `Revoked ${name}. Scripts using it are refused from now on.` };
  });
}
