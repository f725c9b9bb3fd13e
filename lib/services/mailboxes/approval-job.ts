import "server-only";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "../identity/actor";
import { applyApproval, pinVersions, type ApprovalInput, type ApprovalOperation } from "./approvals";
import type { AuditInput, RequestOrigin } from "../audit/log";
import type { JobFailure, JobKind } from "../jobs/types";
import type { ActionContext } from "../result";

/**
 * Approve / Reject Email over a large selection (BACKGROUND_FROM rows) as a background job: it
 * shows a progress bar, keeps going when the dialog is closed, and keeps its result on a job page.
 */
export const MAILBOX_APPROVAL = "mailbox-approval";

/** `versions`: each row as the approver saw it, or as it was at OK for rows chosen by "select all matching". */
export type ApprovalJobParams = {
  operation: ApprovalOperation;
  count: number;
  versions: Record<string, number>;
  origin: RequestOrigin;
  /** A rejection's reason, the same for every row of the run. */
  reason?: string | null;
};

const TITLES: Record<ApprovalOperation, string> = { approve: "Approve Email", reject: "Reject Email" };

export const mailboxApprovalKind: JobKind<ApprovalJobParams> = {
  title: (p) => `${TITLES[p.operation]}: ${p.count.toLocaleString("en-US")} mailbox${p.count === 1 ? "" : "es"}`,
  page: "mailboxes",
  // A row costs about 0.1 ms: the first batch of 200 is ~20 ms; the runner sizes the next ones by time.
  batchSize: 200,
  failedKeys: ["refused"],
  refusedKeys: ["refused"],
  runBatch: async (ctx, itemIds) => {
    // Rights are read again for every batch: an approver who lost them stops changing anything.
    const actor = ctx.startedById === null ? null : await loadActor(ctx.db, ctx.startedById);
    if (!actor?.isEnabled) {
      return {
        counts: { refused: itemIds.length },
        failures: itemIds.map((id) => ({
          id,
          name: `#${id}`,
          detail: "Refused: whoever started the run can no longer sign in.",
        })),
      };
    }
    const input: ApprovalInput = {
      environmentId: ctx.environmentId,
      operation: ctx.params.operation,
      reason: ctx.params.reason ?? null,
      items: itemIds.map((id) => ({ id, version: ctx.params.versions[id] ?? null })),
    };
    const outcomes = await applyApproval(ctx.db, actor, input, { origin: ctx.params.origin, now: ctx.now });
    const counts = { changed: 0, unchanged: 0, refused: 0 };
    const failures: JobFailure[] = [];
    for (const o of outcomes) {
      counts[o.outcome]++;
      if (o.outcome === "refused")
        failures.push({ id: o.id, name: o.name, detail: `${o.message} (${o.code} ${o.reason})` });
    }
    return { counts, failures };
  },
};

/** The job's start: its rows and their versions fixed now, and an audit event saying who started what. */
export async function planApprovalJob(db: Db, actor: Actor, input: ApprovalInput, ctx: ActionContext) {
  const versions: Record<string, number> = {};
  for (const item of await pinVersions(db, input.environmentId, input.items))
    if (item.version !== null) versions[item.id] = item.version;
  const params: ApprovalJobParams = {
    operation: input.operation,
    count: input.items.length,
    versions,
    origin: ctx.origin,
    reason: input.reason ?? null,
  };
  return {
    environmentId: input.environmentId,
    kind: MAILBOX_APPROVAL,
    params,
    // In id order, not the grid's: each batch then updates neighbouring rows, so its commit writes
    // far fewer pages (bench/README.md, "Why the code is as it is").
    itemIds: input.items.map((i) => i.id).sort((a, b) => a - b),
    startedById: actor.id,
    now: ctx.now,
    audit: (jobId: number): AuditInput => ({
      action: input.operation === "approve" ? "ApprovalJobStarted" : "RejectionJobStarted",
      actor: { id: actor.id, upn: actor.upn },
      environmentId: input.environmentId,
      target: { type: "job", id: jobId, label: mailboxApprovalKind.title(params) },
      after: { job: jobId, mailboxes: input.items.length },
      origin: ctx.origin,
      at: ctx.now,
    }),
  };
}
