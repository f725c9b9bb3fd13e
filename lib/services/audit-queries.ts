import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditEventRow = typeof auditEvents.$inferSelect;

/** The newest events about one target in one environment (indexed on target and sequence). */
export function listTargetEvents(db: Db, input: { environmentId: number; targetType: string; targetId: number | string; limit?: number }): AuditEventRow[] {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, input.targetType), eq(auditEvents.targetId, String(input.targetId)), eq(auditEvents.environmentId, input.environmentId)))
    .orderBy(desc(auditEvents.seq))
    .limit(input.limit ?? 50)
    .all();
}
