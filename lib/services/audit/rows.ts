import "server-only";
import { getTableColumns } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { wellFormed } from "@/db/sql";
import { canonicalEvent, keyedHash, type ChainHead } from "./chain";

/**
 * Where a request came from, recorded with every event it causes: the client's address and agent,
 * and the personal access token it was made with when it came through the REST API.
 */
export type RequestOrigin = {
  clientIp: string | null;
  userAgent: string | null;
  token?: { id: number; name: string } | null;
};
export const NO_ORIGIN: RequestOrigin = { clientIp: null, userAgent: null };

export type AuditInput = {
  action: string;
  actor: { id: number; upn: string } | null;
  environmentId?: number | null;
  target?: { type: string; id: string | number; label: string } | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  origin: RequestOrigin;
  at?: Date;
};

export type AuditRow = typeof auditEvents.$inferSelect;

/**
 * The events as rows chained after `head`: each with its seq, the previous event's hash and its
 * own keyed hash. What each dialect's append writes (./log.ts, ./append-postgres.ts).
 */
export function chainedRows(inputs: readonly AuditInput[], head: ChainHead, key: Buffer): AuditRow[] {
  let { seq, hash: prevHash } = head;
  return inputs.map((input) => {
    // Text as it will be stored (wellFormed), so the hash is of what a later walk reads back. One
    // object, its two hashes filled in once known: `{ ...fields, prevHash, hash }` copied 16
    // fields an event and cost a quarter of appending 10,000 (bench/README.md, "Session 16").
    const row: AuditRow = {
      seq: ++seq,
      at: input.at ?? new Date(),
      actorId: input.actor?.id ?? null,
      actorUpn: wellFormed(input.actor?.upn ?? null),
      action: wellFormed(input.action),
      environmentId: input.environmentId ?? null,
      targetType: wellFormed(input.target?.type ?? null),
      targetId: wellFormed(input.target ? String(input.target.id) : null),
      targetLabel: wellFormed(input.target?.label ?? null),
      before: input.before ? JSON.stringify(input.before) : null,
      after: input.after ? JSON.stringify(input.after) : null,
      reason: wellFormed(input.reason ?? null),
      clientIp: wellFormed(input.origin.clientIp),
      userAgent: wellFormed(input.origin.userAgent),
      tokenId: input.origin.token?.id ?? null,
      tokenName: wellFormed(input.origin.token?.name ?? null),
      prevHash,
      hash: "",
    };
    row.hash = keyedHash(key, prevHash, canonicalEvent(row));
    prevHash = row.hash;
    return row;
  });
}

/** Every column of an event, in the schema's order: what each dialect's append writes. */
export const AUDIT_COLUMNS = Object.keys(getTableColumns(auditEvents)) as (keyof AuditRow)[];
