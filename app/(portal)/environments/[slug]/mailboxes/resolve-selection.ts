import { z } from "zod";
import type { Db } from "@/db/client";
import { environmentAccess } from "@/lib/policy/access";
import { activeMembership, type Actor } from "@/lib/policy/actor";
import { listMatchingMailboxIds, MAILBOX_VIEWS } from "@/lib/services/mailbox-grid";

/** What every grid command receives: the rows the admin saw (with their versions), or everything matching a view and search. */
export const SelectionFields = z.object({
  slug: z.string(),
  environmentId: z.number().int().positive(),
  items: z.array(z.object({ id: z.number().int().positive(), version: z.number().int() })).max(100_000).optional(),
  matching: z.object({ view: z.enum(MAILBOX_VIEWS), q: z.string().max(200) }).optional(),
});
export type SelectionInput = z.input<typeof SelectionFields>;
export type SelectedItem = { id: number; version: number | null };

/**
 * The selected mailboxes. Reading "all matching" is the grid's own query, so only people who may
 * open the grid get those ids; each service still decides every row itself.
 */
export function resolveSelection(db: Db, actor: Actor, selection: z.output<typeof SelectionFields>, now: Date): SelectedItem[] {
  if (!selection.matching) return selection.items ?? [];
  if (!environmentAccess(actor, selection.environmentId, now).pages.has("mailboxes")) return [];
  const own = activeMembership(actor, selection.environmentId)?.environmentUserId ?? null;
  return listMatchingMailboxIds(db, { environmentId: selection.environmentId, ...selection.matching, ownEnvironmentUserId: own }).map((id) => ({ id, version: null }));
}
