import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { openAuditLog } from "./access";
import { searchAuditEvents, type AuditEventRow } from "./search";

export type { AuditEventRow };

/**
 * The newest events about one record (a user's Activity, a mailbox's History), under the same
 * visibility rules as the audit log page; null when the viewer may see none of them.
 */
export async function listTargetEvents(
  db: Db,
  actor: Actor,
  now: Date,
  input: { environmentId: number; targetType: string; targetId: number | string },
): Promise<AuditEventRow[] | null> {
  const log = openAuditLog(actor, now);
  return log.ok ? (await searchAuditEvents(db, log.scope, input)).rows : null;
}
