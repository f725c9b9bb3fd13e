"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { precheckApproval, type ApprovalItem, type PreCheck } from "@/lib/services/approvals";
import type { JobView } from "@/lib/services/job-runner";
import { findVisibleJob, runApproval, type ApprovalRun } from "@/lib/services/jobs";
import { resolveSelection, SelectionFields } from "./resolve-selection";

const Selection = SelectionFields.extend({ operation: z.enum(["approve", "reject"]) });
type ApprovalSelectionInput = z.input<typeof Selection>;

async function resolve(input: ApprovalSelectionInput) {
  const selection = Selection.parse(input);
  const actor = await getActor();
  const db = getDb();
  const now = new Date();
  const items: ApprovalItem[] = resolveSelection(db, actor, selection, now);
  return { selection, actor, db, now, items };
}

export async function precheckAction(input: ApprovalSelectionInput): Promise<PreCheck> {
  const { selection, actor, db, now, items } = await resolve(input);
  return precheckApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, now);
}

export async function runApprovalAction(input: ApprovalSelectionInput): Promise<ApprovalRun> {
  const { selection, actor, db, now, items } = await resolve(input);
  const run = runApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, { origin: await getOrigin(), now });
  revalidatePath(`/environments/${selection.slug}`, "layout");
  return run;
}

const JobQuery = z.object({ slug: z.string(), jobId: z.number().int().positive() });

/** A background run's progress, for the dialog that started it. */
export async function approvalJobAction(input: z.input<typeof JobQuery>): Promise<JobView | null> {
  const { slug, jobId } = JobQuery.parse(input);
  return findVisibleJob(getDb(), await getActor(), slug, jobId, new Date())?.job ?? null;
}
