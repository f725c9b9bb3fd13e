import "server-only";
import type { Db } from "@/db/client";
import {
  actionLabel,
  isRefusedAction,
  KNOWN_ACTIONS,
  KNOWN_TARGET_TYPES,
  namedChoices,
  targetTypeLabel,
  type NamedChoice,
} from "@/lib/policy/audit-names";
import { listAuditActions, listAuditTargetTypes } from "./search";

export type AuditFilterChoices = { actions: NamedChoice[]; refusedActions: NamedChoice[]; targetTypes: NamedChoice[] };

/** The audit filter's pickers: every named action and target type, and any other the log holds, by their people's names. */
export async function auditFilterChoices(db: Db): Promise<AuditFilterChoices> {
  const actions = namedChoices([...KNOWN_ACTIONS, ...(await listAuditActions(db))], actionLabel);
  return {
    actions: actions.filter((a) => !isRefusedAction(a.value)),
    refusedActions: actions.filter((a) => isRefusedAction(a.value)),
    targetTypes: namedChoices([...KNOWN_TARGET_TYPES, ...(await listAuditTargetTypes(db))], targetTypeLabel),
  };
}
