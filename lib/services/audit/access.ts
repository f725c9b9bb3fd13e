import "server-only";
import { locationOf, type Db } from "@/db/client";
import { openSnapshot } from "@/db/snapshot";
import { decideViewAuditLog } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { auditScope, type AuditScope } from "@/lib/policy/audit-visibility";
import { refusal, type Refusal, type ServiceResult } from "../result";
import { listAuditEnvironments, streamAuditEvents, type AuditEventRow, type AuditFilters } from "./search";
import { describeVerdict, trustedText, type AuditVerdict } from "./verdict";
import { verifyAuditLog } from "./verify";

/**
 * The one place that says what a viewer may read of the audit log (DOMAIN §11): their scope, or
 * the rule's refusal when they may see no event at all. The page, the export and Verify all ask here.
 */
export function openAuditLog(actor: Actor, now: Date): { ok: true; scope: AuditScope } | Refusal {
  const decision = decideViewAuditLog(actor, now);
  return decision.allowed ? { ok: true, scope: auditScope(actor, now) } : refusal(decision);
}

export type AuditExport = {
  events: AsyncGenerator<AuditEventRow, void, undefined>;
  environmentNames: Map<number, string>;
  /** Closes the export's own connection: call it once the download has ended, however it ended. */
  close: () => Promise<void>;
};

/** The events an export streams, within the viewer's scope, on a read-only connection of its own. */
export async function exportAuditEvents(db: Db, scope: AuditScope, filters: AuditFilters): Promise<AuditExport> {
  const environmentNames = new Map((await listAuditEnvironments(db, scope)).map((env) => [env.id, env.name]));
  const snapshot = await openSnapshot(db);
  return { events: streamAuditEvents(snapshot.db, scope, filters), environmentNames, close: snapshot.close };
}

/** Verify: whoever may open the audit log may check it against its key and its signed checkpoints. */
export async function verifyAuditLogAs(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<ServiceResult<{ verdict: AuditVerdict; trusted: string }>> {
  const log = openAuditLog(actor, now);
  if (!log.ok) return log;
  const verdict = await verifyAuditLog(locationOf(db));
  return { ok: true, verdict, message: describeVerdict(verdict), trusted: trustedText(verdict.lastTrustworthySeq) };
}
