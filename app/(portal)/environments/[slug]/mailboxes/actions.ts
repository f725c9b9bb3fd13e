"use server";

import { z } from "zod";
import { idField, slugField } from "@/lib/form-schemas";
import { environmentPages, inputAction, refusalOf, revalidate } from "@/lib/service-action";
import { precheckApproval, type PreCheck } from "@/lib/services/approvals";
import { findVisibleJob, runApproval, type ApprovalRun } from "@/lib/services/jobs";
import { NOT_FOUND_RESULT, type Refusal } from "@/lib/services/result";
import { resolveSelection, SelectionFields } from "./resolve-selection";

const Selection = SelectionFields.extend({ operation: z.enum(["approve", "reject"]) });

/** What would change, before the approver presses OK; bad input or an unknown environment is refused. */
export const precheckAction = inputAction(
  Selection,
  (selection, { db, actor, now }): PreCheck | Refusal => {
    const items = resolveSelection(db, actor, selection, now);
    if (!items) return NOT_FOUND_RESULT;
    return precheckApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, now);
  },
  refusalOf,
);

export const runApprovalAction = inputAction(
  Selection,
  (selection, { db, actor, ...ctx }): ApprovalRun => {
    const items = resolveSelection(db, actor, selection, ctx.now);
    if (!items) return NOT_FOUND_RESULT;
    const run = runApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, ctx);
    revalidate(environmentPages(selection));
    return run;
  },
  refusalOf,
);

const JobQuery = z.object({ slug: slugField, jobId: idField });

/** A background run's progress, for the dialog that started it; null when it is not there for this viewer. */
export const approvalJobAction = inputAction(JobQuery, ({ slug, jobId }, { db, actor, now }) => findVisibleJob(db, actor, slug, jobId, now)?.job ?? null, () => null);
