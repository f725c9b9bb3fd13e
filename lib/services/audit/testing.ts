import { withTransaction } from "@/db/transaction";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Db } from "@/db/client";
import type { AuditScope, AuditScopeFacts } from "@/lib/policy/audit-visibility";
import { legacyHash } from "./chain";
import { appendAuditEvent, appendAuditEvents, NO_ORIGIN, type AuditInput } from "./log";

/** Test helpers for the audit log. Tampering goes through a raw connection, as someone with the file would. */

/** A scope written out by a test, as the search would receive it from auditScope(). */
export const testScope = (facts: AuditScopeFacts) => facts as AuditScope;

export const event = (action: string, i = 0): AuditInput => ({
  action,
  actor: { id: 7, upn: "sam@contoso.com" },
  environmentId: 1,
  target: { type: "mailbox", id: i, label: `Mailbox ${i}` },
  before: { status: 2 },
  after: { status: 1 },
  origin: { clientIp: "10.0.0.1", userAgent: "test" },
});

export async function append(db: Db, action = "Approved", count = 1): Promise<number> {
  return await withTransaction(db, async (tx) =>
    count === 1
      ? await appendAuditEvent(tx, event(action))
      : await appendAuditEvents(
          tx,
          Array.from({ length: count }, (_, i) => event(action, i)),
        ),
  );
}

export const appendBlank = async (db: Db, action: string) =>
  await withTransaction(db, (tx) => appendAuditEvent(tx, { action, actor: null, origin: NO_ORIGIN }));

const TRIGGERS = [
  "audit_events_no_update",
  "audit_events_no_delete",
  "audit_events_append_only_insert",
  "audit_chain_no_update",
  "audit_chain_no_delete",
  "audit_chain_no_insert",
];

/** Opens the file as an attacker would: no recursive triggers, and the app's triggers dropped first. */
export function tamper(file: string, ...statements: [string, ...unknown[]][]): void {
  const raw = new Database(file);
  try {
    raw.exec(TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t};`).join(""));
    const rewrite = () => {
      for (const [text, ...params] of statements) raw.prepare(text).run(...params);
    };
    // One transaction, as an attacker rewriting many rows would (and not one commit per row).
    raw.transaction(rewrite).immediate();
  } finally {
    raw.close();
  }
}

export const rowAt = (file: string, seq: number) => {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare("SELECT * FROM audit_events WHERE seq = ?").get(seq) as Record<string, unknown>;
  } finally {
    raw.close();
  }
};

/** A consistent copy of a database (its WAL included) and of its digest folder, into `dir`. */
export function copyDatabase(file: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, path.basename(file));
  const source = new Database(file, { readonly: true });
  source.prepare("VACUUM INTO ?").run(target);
  source.close();
  const digests = path.join(path.dirname(file), "audit-digests");
  if (fs.existsSync(digests)) fs.cpSync(digests, path.join(dir, "audit-digests"), { recursive: true });
  return target;
}

/** An event as a test writes it straight into the table: the fields it does not name are null. */
export type RawEvent = {
  seq: number;
  at: number;
  actorId?: number | null;
  actorUpn: string;
  action: string;
  environmentId?: number | null;
  targetType?: string | null;
  targetId?: string | null;
  targetLabel?: string | null;
  before?: string | null;
  after?: string | null;
  reason?: string | null;
  clientIp?: string | null;
  userAgent?: string | null;
};

/** The 14 fields an event's hash covers, in the chain's canonical order (chain.ts). */
export function rawFields(e: RawEvent): unknown[] {
  return [
    e.seq,
    e.at,
    e.actorId ?? null,
    e.actorUpn,
    e.action,
    e.environmentId ?? null,
    e.targetType ?? null,
    e.targetId ?? null,
    e.targetLabel ?? null,
    e.before ?? null,
    e.after ?? null,
    e.reason ?? null,
    e.clientIp ?? null,
    e.userAgent ?? null,
  ];
}

/** The hash the log had before it was keyed: what anyone without the audit key can compute. */
export const unkeyedHash = (prevHash: string, e: RawEvent) => legacyHash(prevHash, JSON.stringify(rawFields(e)));

/**
 * The statement (for tamper() or a raw connection) that appends `e` after the event hashed
 * `prevHash`, with a correctly computed unkeyed hash: a forgery by someone who has the file but not the key.
 */
export function forgedAppend(e: RawEvent, prevHash: string): [string, ...unknown[]] {
  return [
    "INSERT INTO audit_events (seq, at, actor_id, actor_upn, action, environment_id, target_type, target_id, target_label, before, after, reason, client_ip, user_agent, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ...rawFields(e),
    prevHash,
    unkeyedHash(prevHash, e),
  ];
}
