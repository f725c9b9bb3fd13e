"use server";

import { getDb } from "@/db/client";
import { getActor } from "@/lib/auth/current-actor";
import { verifyAuditLogAs } from "@/lib/services/audit/access";
import type { VerifyState } from "./_components/verify-state";

/** Checks the log against its key and its signed checkpoints, for whoever the service says may open the log. */
export async function verifyAuditChainAction(): Promise<VerifyState> {
  const result = await verifyAuditLogAs(getDb(), await getActor(), new Date());
  if (!result.ok) return { status: "refused", code: result.code, reason: result.reason, message: result.message };
  return { status: "done", verdict: result.verdict, message: result.message, trusted: result.trusted };
}
