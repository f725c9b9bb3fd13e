import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { idField, line, slugField, versionField } from "@/lib/form-schemas";
import { environmentAccess } from "@/lib/policy/access";
import { activeMembership, type Actor } from "@/lib/policy/actor";
import { environmentExists } from "../settings/environments";
import { listMatchingMailboxIds, MAILBOX_VIEWS } from "./grid";
import { distinctById } from "./visibility";
import { PENDING_AGES } from "./pending-age";

/** The most rows one command takes: "select all matching" of the largest environment we plan for. */
export const MAX_SELECTION = 100_000;

export type SelectedItem = { id: number; version: number | null };

/** What every grid command receives: the rows the admin saw (with their versions), or everything matching a view and search. */
export const SelectionFields = z.object({
  slug: slugField,
  environmentId: idField,
  items: z
    .array(z.object({ id: idField, version: versionField }))
    .max(MAX_SELECTION, `Select at most ${MAX_SELECTION.toLocaleString("en-US")} mailboxes.`)
    .transform((items) => distinctById(items))
    .optional(),
  matching: z
    .object({
      view: z.enum(MAILBOX_VIEWS),
      q: line.max(200, "Search with up to 200 characters."),
      // The Pending view's filters: an age bucket, or one digest's mailboxes.
      age: z.enum(PENDING_AGES).optional(),
      digest: idField.optional(),
    })
    .optional(),
});
export type SelectionInput = z.input<typeof SelectionFields>;

/**
 * The selected mailboxes, each once (the grid's commands and the REST API's pre-check both ask here), or null when the environment does not exist. Reading "all
 * matching" is the grid's own query, so only people who may open the grid get those ids; each
 * service still decides every row itself.
 */
export async function resolveSelection(
  db: Db,
  actor: Actor,
  selection: Pick<z.output<typeof SelectionFields>, "environmentId" | "matching"> & { items?: SelectedItem[] },
  now: Date,
): Promise<SelectedItem[] | null> {
  if (!(await environmentExists(db, selection.environmentId))) return null;
  if (!selection.matching) return selection.items ?? [];
  if (!environmentAccess(actor, selection.environmentId, now).pages.has("mailboxes")) return [];
  const own = activeMembership(actor, selection.environmentId)?.environmentUserId ?? null;
  const { age, digest, ...matching } = selection.matching;
  return (
    await listMatchingMailboxIds(db, {
      environmentId: selection.environmentId,
      ...matching,
      age: age ?? null,
      digestId: digest ?? null,
      now,
      ownEnvironmentUserId: own,
    })
  ).map((id) => ({ id, version: null }));
}
