"use server";

import { z } from "zod";
import { idField, lines, slugField } from "@/lib/form-schemas";
import { rejectionReasonProblem } from "@/lib/policy/notifications";
import { environmentPages, inputAction, refusalOf, revalidate } from "@/lib/service-action";
import type { PreCheck } from "@/lib/services/mailboxes/approvals";
import { precheckWithSnapshot, claimApprovalSnapshot } from "@/lib/services/mailboxes/approval-snapshots";
import { findVisibleJob } from "@/lib/services/jobs/app-runner";
import { runApproval, type ApprovalRun } from "@/lib/services/mailboxes/run-approval";
import { NOT_FOUND_RESULT, type Refusal } from "@/lib/services/result";
import { resolveSelection, SelectionFields } from "@/lib/services/mailboxes/selection";

const Selection = SelectionFields.extend({ operation: z.enum(["approve", "reject"]) });

/**
 * What would change, before the approver presses OK, and the snapshot OK will apply to: the rows
 * and versions shown here. Bad input or an unknown environment is refused.
 */
export const precheckAction = inputAction(
  Selection,
  async (selection, { db, actor, now }): Promise<(PreCheck & { snapshotId: string }) | Refusal> => {
    const items = await resolveSelection(db, actor, selection, now);
    if (!items) return NOT_FOUND_RESULT;
    return await precheckWithSnapshot(
      db,
      actor,
      { environmentId: selection.environmentId, items, operation: selection.operation },
      now,
    );
  },
  refusalOf,
);

const RunInput = z
  .object({
    slug: slugField,
    environmentId: idField,
    operation: z.enum(["approve", "reject"]),
    snapshotId: z.string().regex(/^[A-Za-z0-9_-]{24}$/, "Run the pre-check again."),
    reason: lines.optional(),
  })
  .superRefine((input, ctx) => {
    // Checked before the snapshot is claimed, so a missing reason leaves the confirmation usable.
    const problem = input.operation === "reject" ? rejectionReasonProblem(input.reason) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["reason"], message: problem });
  });

/** OK: exactly the pre-check's rows; a row changed since is refused as stale, one that joined the view since is not touched. */
export const runApprovalAction = inputAction(
  RunInput,
  async ({ snapshotId, ...run }, { db, actor, ...ctx }): Promise<ApprovalRun> => {
    const items = await claimApprovalSnapshot(
      db,
      actor,
      { id: snapshotId, environmentId: run.environmentId, operation: run.operation },
      ctx.now,
    );
    if (!items)
      return {
        ok: false,
        code: null,
        reason: "PRECHECK_EXPIRED",
        message: "This confirmation has expired or was already used. Close it and select again.",
      };
    const result = await runApproval(
      db,
      actor,
      { environmentId: run.environmentId, items, operation: run.operation, reason: run.reason },
      ctx,
    );
    revalidate(environmentPages(run));
    return result;
  },
  refusalOf,
);

const JobQuery = z.object({ slug: slugField, jobId: idField });

/** A background run's progress, for the dialog that started it; null when it is not there for this viewer. */
export const approvalJobAction = inputAction(
  JobQuery,
  async ({ slug, jobId }, { db, actor, now }) => (await findVisibleJob(db, actor, slug, jobId, now))?.job ?? null,
  () => null,
);
