import type { Db } from "@/db/client";
import { isEmptyScope, type AuditScope } from "@/lib/policy/audit-visibility";
import { searchAuditEvents, type AuditEventRow } from "./search";

export type { AuditEventRow };

/**
 * The newest events about one record (a user's Activity, a mailbox's History), under the same
 * visibility rules as the audit log page; null when the viewer may see none of them.
 */
export function listTargetEvents(
  db: Db,
  scope: AuditScope,
  input: { environmentId: number; targetType: string; targetId: number | string },
): AuditEventRow[] | null {
  if (isEmptyScope(scope)) return null;
  return searchAuditEvents(db, scope, input).rows;
}
