"use server";

import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { decideViewAuditLog } from "@/lib/policy/access";
import { describeVerdict, verifyAuditLog } from "@/lib/services/audit";
import type { VerifyState } from "./_components/verify-state";

/** Checks the log against its key and its signed checkpoints. Anyone who may open the audit log may verify it; the action checks again itself. */
export async function verifyAuditChainAction(): Promise<VerifyState> {
  const decision = decideViewAuditLog(await getActor(), new Date());
  if (!decision.allowed)
    return { status: "refused", code: decision.code, reason: decision.reason, message: decision.message };
  const verdict = await verifyAuditLog(getDb().$client.name);
  return { status: "done", verdict, message: describeVerdict(verdict) };
}
