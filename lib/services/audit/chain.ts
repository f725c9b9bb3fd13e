import "server-only";
import { createHash, createHmac } from "node:crypto";
import type Database from "better-sqlite3";
import type { auditEvents } from "@/db/schema";
import { chainKey } from "./keys";

/** The `prev_hash` of event 1, and the starting value of the public digest. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainedFields = Omit<typeof auditEvents.$inferSelect, "hash" | "prevHash">;

/**
 * The exact bytes the hash covers, in a fixed order, so any edited field breaks the chain. The API
 * token a change was made with is covered too; events made without one keep the 14 fields they
 * always had, so every event written before tokens existed hashes as it did.
 */
export function canonicalEvent(e: ChainedFields): string {
  const token = e.tokenId === null ? [] : [e.tokenId, e.tokenName];
  return JSON.stringify([
    e.seq,
    e.at.getTime(),
    e.actorId,
    e.actorUpn,
    e.action,
    e.environmentId,
    e.targetType,
    e.targetId,
    e.targetLabel,
    e.before,
    e.after,
    e.reason,
    e.clientIp,
    e.userAgent,
    ...token,
  ]);
}

/**
 * The columns in canonical order, then prev_hash and hash, then the token's id and name: a raw
 * row's first 14 values are the canonical ones, followed by the token's when there is one. A copy
 * from before API tokens (verified without being migrated) has no token columns: they read as null.
 */
export function chainColumns(client: Database.Database): string {
  const hasTokens = client.prepare("SELECT 1 FROM pragma_table_info('audit_events') WHERE name = 'token_id'").get();
  return `seq, at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, before, after, reason, client_ip, user_agent, prev_hash, hash, ${hasTokens ? "token_id, token_name" : "null, null"}`;
}
export type RawChainRow = [number, number, ...unknown[]];
export const canonicalOfRaw = (row: unknown[]): string =>
  JSON.stringify(row[16] == null ? row.slice(0, 14) : [...row.slice(0, 14), row[16], row[17]]);

/** An event's hash: HMAC-SHA-256 over the previous hash and its canonical bytes, with the key that lives outside the database. */
export function keyedHash(key: Buffer, prevHash: string, canonical: string): string {
  return createHmac("sha256", key).update(prevHash).update(canonical).digest("hex");
}

/** How events were hashed before issue 12 (plain SHA-256); only events before the chain's `keyed_from` may use it. */
export function legacyHash(prevHash: string, canonical: string): string {
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}

export function chainHash(prevHash: string, e: ChainedFields, key: Buffer = chainKey()): string {
  return keyedHash(key, prevHash, canonicalEvent(e));
}

/**
 * The public digest: an unkeyed SHA-256 chain over every event's stored hash and contents, carried
 * in the signed checkpoints. Anyone with a copy of the database and the public key can recompute it
 * and so check every checkpointed event without the chain's secret key.
 */
export function nextDigest(digest: string, hash: string, canonical: string): string {
  return createHash("sha256").update(digest).update(hash).update(canonical).digest("hex");
}

/**
 * The first seq hashed with the key. Events before it come from before keyed hashes and are
 * checked the old way; the migration that introduced the key recorded it once, and every
 * checkpoint repeats it, so moving it later (to pass forged events off as old ones) is caught.
 */
export function readKeyedFrom(client: Database.Database): number {
  // A database from before the keys (not migrated yet, e.g. an old copy): every event is unkeyed.
  if (!client.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_chain'").get())
    return Number.MAX_SAFE_INTEGER;
  const row = client.prepare("SELECT keyed_from AS keyedFrom FROM audit_chain").get() as
    | { keyedFrom: number }
    | undefined;
  return row?.keyedFrom ?? 1;
}

export type ChainHead = { seq: number; hash: string };
export const START: ChainHead = { seq: 0, hash: GENESIS_HASH };

export function readHead(client: Database.Database): ChainHead {
  return (
    (client.prepare("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").get() as ChainHead | undefined) ??
    START
  );
}

export function hashAt(client: Database.Database, seq: number): string | null {
  return (client.prepare("SELECT hash FROM audit_events WHERE seq = ?").pluck().get(seq) as string | undefined) ?? null;
}
