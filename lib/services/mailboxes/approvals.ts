import "server-only";
import { withTransaction } from "@/db/transaction";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { isSyncGated, orderGroups, SAMPLE_SIZE, type ChangeGroup } from "@/lib/policy/mass-action";
import { decideRows, publicOutcome, type ApprovalInput, type RowOutcome } from "./approval-decisions";
import { markApproval, type ApprovalTarget } from "./approval-writer";
import type { ActionContext } from "../result";
import { readEmailSettings } from "../settings/email-settings";

export type { ApprovalOperation } from "./approval-writer";
export {
  decideRows,
  pinBackgroundRun,
  pinVersions,
  type ApprovalInput,
  type ApprovalItem,
  type RowOutcome,
} from "./approval-decisions";

/** From this many rows a run goes to the background (lib/services/mailboxes/approval-job.ts); smaller runs answer at once. */
export const BACKGROUND_FROM = 1000;

export type PreCheck = {
  willChange: number;
  /** The rows that will change, grouped by their status now (lib/policy/mass-action.ts words them). */
  changes: ChangeGroup[];
  unchanged: number;
  refused: { reason: string; message: string; count: number }[];
  isBackground: boolean;
};

export async function precheckApproval(db: Db, actor: Actor, input: ApprovalInput, now: Date): Promise<PreCheck> {
  const outcomes = await decideRows(db, actor, input, now);
  const refused = new Map<string, { reason: string; message: string; count: number }>();
  for (const o of outcomes.filter((x) => x.outcome === "refused")) {
    const key = o.reason ?? "REFUSED";
    const entry = refused.get(key) ?? { reason: key, message: o.message, count: 0 };
    entry.count++;
    refused.set(key, entry);
  }
  return {
    willChange: outcomes.filter((o) => o.outcome === "changed").length,
    changes: await groupChanges(db, input, outcomes),
    unchanged: outcomes.filter((o) => o.outcome === "unchanged").length,
    refused: [...refused.values()],
    isBackground: input.items.length >= BACKGROUND_FROM,
  };
}

/** The changing rows by their status now and whether their mail syncs only once approved, each with a few names. */
async function groupChanges(
  db: Db,
  input: ApprovalInput,
  outcomes: Awaited<ReturnType<typeof decideRows>>,
): Promise<ChangeGroup[]> {
  const settings = await readEmailSettings(db, input.environmentId);
  const groups = new Map<string, ChangeGroup>();
  for (const { outcome, row } of outcomes) {
    if (outcome !== "changed" || !row) continue;
    const gated = isSyncGated(settings, row.regardingType);
    const key = `${row.emailStatus}:${gated}`;
    const group = groups.get(key) ?? { from: row.emailStatus, isSyncGated: gated, count: 0, sample: [] };
    group.count++;
    if (group.sample.length < SAMPLE_SIZE) group.sample.push(row.name);
    groups.set(key, group);
  }
  return orderGroups(input.operation, [...groups.values()]);
}

/**
 * Approves or rejects the selected mailboxes in ONE transaction: each row decided by the policy,
 * the allowed ones marked by the one writer (approval-writer.ts) with one audit event each.
 */
export async function setApproval(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  ctx: ActionContext,
): Promise<RowOutcome[]> {
  return await withTransaction(db, () => applyApproval(db, actor, input, ctx));
}

/** setApproval's work inside the caller's transaction: the background job runs it batch by batch. */
export async function applyApproval(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  ctx: ActionContext,
): Promise<RowOutcome[]> {
  const outcomes = await decideRows(db, actor, input, ctx.now);
  const rows: ApprovalTarget[] = [];
  for (const o of outcomes)
    if (o.outcome === "changed" && o.row && o.allowedBy)
      // Field by field, not `{ ...o.row, … }`: the spread of each row read cost 4 µs (bench/README.md, "Session 16").
      rows.push({
        id: o.row.id,
        version: o.row.version,
        name: o.row.name,
        emailAddress: o.row.emailAddress,
        emailStatus: o.row.emailStatus,
        isByTenantAdmin: o.isTenantAdminPath,
        isByDelegate: o.isDelegatePath,
        allowedBy: o.allowedBy,
      });
  await markApproval(
    db,
    { operation: input.operation, actor, environmentId: input.environmentId, rows, reason: input.reason },
    ctx,
  );
  return outcomes.map(publicOutcome);
}
