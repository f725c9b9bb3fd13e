import "server-only";
import { first } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalSnapshots } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { pinVersions, precheckApproval, type ApprovalInput, type ApprovalItem, type PreCheck } from "./approvals";

/**
 * Approve exactly what was seen (issue 12): the pre-check fixes the selection, ids with the versions
 * it showed ("select all matching" included), and OK refers to that snapshot. A row changed since is
 * refused as stale by the run's own version check; a row that joined the view since is not in it.
 */

/** Long enough to read a pre-check and decide; a later OK asks for a fresh pre-check. */
export const SNAPSHOT_TTL_MS = 30 * 60_000;

/** The dialog's pre-check, and the snapshot its OK will refer to. */
export async function precheckWithSnapshot(
  db: Db,
  actor: Actor,
  input: ApprovalInput,
  now: Date,
): Promise<PreCheck & { snapshotId: string }> {
  return {
    ...(await precheckApproval(db, actor, input, now)),
    snapshotId: await takeApprovalSnapshot(db, actor, input, now),
  };
}

export async function takeApprovalSnapshot(db: Db, actor: Actor, input: ApprovalInput, now: Date): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  const items = (await pinVersions(db, input.environmentId, input.items)).map((i) => [i.id, i.version]);
  await withTransaction(db, async (tx) => {
    await tx
      .delete(approvalSnapshots)
      .where(lt(approvalSnapshots.createdAt, new Date(now.getTime() - SNAPSHOT_TTL_MS)));
    await tx.insert(approvalSnapshots).values({
      id,
      actorId: actor.id,
      environmentId: input.environmentId,
      operation: input.operation,
      items: JSON.stringify(items),
      createdAt: now,
    });
  });
  return id;
}

/**
 * The snapshot's rows, once: only to the actor who took it, for the same environment and operation,
 * within SNAPSHOT_TTL_MS. Null otherwise (expired, used, or someone else's: indistinguishable).
 */
export async function claimApprovalSnapshot(
  db: Db,
  actor: Actor,
  ref: { id: string; environmentId: number; operation: ApprovalInput["operation"] },
  now: Date,
): Promise<ApprovalItem[] | null> {
  return await withTransaction(db, async (tx) => {
    const match = and(
      eq(approvalSnapshots.id, ref.id),
      eq(approvalSnapshots.actorId, actor.id),
      eq(approvalSnapshots.environmentId, ref.environmentId),
      eq(approvalSnapshots.operation, ref.operation),
    );
    const row = await first(tx.select().from(approvalSnapshots).where(match).limit(1));
    if (!row) return null;
    await tx.delete(approvalSnapshots).where(eq(approvalSnapshots.id, row.id));
    if (now.getTime() - row.createdAt.getTime() > SNAPSHOT_TTL_MS) return null;
    return (JSON.parse(row.items) as [number, number | null][]).map(([id, version]) => ({ id, version }));
  });
}
