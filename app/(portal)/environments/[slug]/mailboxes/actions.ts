"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { environmentAccess } from "@/lib/policy/access";
import { activeMembership } from "@/lib/policy/actor";
import { precheckApproval, setApproval, type ApprovalItem, type PreCheck, type RowOutcome } from "@/lib/services/approvals";
import { listMatchingMailboxIds, MAILBOX_VIEWS } from "@/lib/services/mailbox-grid";

const Selection = z.object({
  slug: z.string(),
  environmentId: z.number().int().positive(),
  operation: z.enum(["approve", "reject"]),
  /** Either the rows the approver saw (with their versions) or everything matching a view and search. */
  items: z.array(z.object({ id: z.number().int().positive(), version: z.number().int() })).max(100_000).optional(),
  matching: z.object({ view: z.enum(MAILBOX_VIEWS), q: z.string().max(200) }).optional(),
});
type SelectionInput = z.input<typeof Selection>;

async function resolve(input: SelectionInput) {
  const selection = Selection.parse(input);
  const actor = await getActor();
  const db = getDb();
  const now = new Date();
  let items: ApprovalItem[] = selection.items ?? [];
  if (selection.matching) {
    // Reading the ids is the grid's own query: only people who may open the grid get them.
    if (!environmentAccess(actor, selection.environmentId, now).pages.has("mailboxes")) items = [];
    else {
      const own = activeMembership(actor, selection.environmentId)?.environmentUserId ?? null;
      items = listMatchingMailboxIds(db, { environmentId: selection.environmentId, ...selection.matching, ownEnvironmentUserId: own }).map((id) => ({ id, version: null }));
    }
  }
  return { selection, actor, db, now, items };
}

export async function precheckAction(input: SelectionInput): Promise<PreCheck> {
  const { selection, actor, db, now, items } = await resolve(input);
  return precheckApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, now);
}

export async function runApprovalAction(input: SelectionInput): Promise<RowOutcome[]> {
  const { selection, actor, db, now, items } = await resolve(input);
  const outcomes = setApproval(db, actor, { environmentId: selection.environmentId, items, operation: selection.operation }, { origin: await getOrigin(), now });
  revalidatePath(`/environments/${selection.slug}`, "layout");
  return outcomes;
}
