"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { getActor, getOrigin } from "@/lib/auth/current-actor";
import { applyDefaultEmailSettings, setMailboxesActive, setSyncMethods } from "@/lib/services/mailbox-commands";
import { testAndEnableMailboxes, type CommandOutcome } from "@/lib/services/test-and-enable";
import { resolveSelection, SelectionFields } from "./resolve-selection";

const Methods = z.object({
  incoming: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional(),
  outgoing: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  act: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
});

const CommandInput = SelectionFields.extend({
  command: z.enum(["test-and-enable", "apply-defaults", "edit", "activate", "deactivate"]),
  methods: Methods.optional(),
});
export type MailboxCommandInput = z.input<typeof CommandInput>;
export type MailboxCommand = z.output<typeof CommandInput>["command"];

/** The grid's and the form's Test & Enable, Apply Default Email Settings, Edit, Activate and Deactivate. */
export async function runMailboxCommandAction(input: MailboxCommandInput): Promise<CommandOutcome[]> {
  const parsed = CommandInput.parse(input);
  const actor = await getActor();
  const db = getDb();
  const ctx = { origin: await getOrigin(), now: new Date() };
  // The same mailbox twice in one request is one mailbox.
  const seen = new Set<number>();
  const items = resolveSelection(db, actor, parsed, ctx.now).filter((i) => !seen.has(i.id) && seen.add(i.id));
  const environmentId = parsed.environmentId;
  const outcomes =
    parsed.command === "test-and-enable" ? testAndEnableMailboxes(db, actor, { environmentId, ids: items.map((i) => i.id) }, ctx)
    : parsed.command === "apply-defaults" ? applyDefaultEmailSettings(db, actor, { environmentId, items }, ctx)
    : parsed.command === "edit" ? setSyncMethods(db, actor, { environmentId, items, methods: parsed.methods ?? {} }, ctx)
    : setMailboxesActive(db, actor, { environmentId, items, isActive: parsed.command === "activate" }, ctx);
  revalidatePath(`/environments/${parsed.slug}`, "layout");
  revalidatePath("/my-mailbox");
  return outcomes;
}
