"use server";

import { z } from "zod";
import { actMethodField, incomingMethodField, outgoingMethodField } from "@/lib/form-schemas";
import { inputAction, refusalOf, revalidate } from "@/lib/service-action";
import { applyDefaultEmailSettings, setMailboxesActive, setSyncMethods } from "@/lib/services/mailboxes/commands";
import { NOT_FOUND_RESULT, type Refusal } from "@/lib/services/result";
import { testAndEnableMailboxes, type CommandOutcome } from "@/lib/services/mailboxes/test-and-enable";
import { resolveSelection, SelectionFields } from "@/lib/services/mailboxes/selection";

const Methods = z.object({
  incoming: incomingMethodField.optional(),
  outgoing: outgoingMethodField.optional(),
  act: actMethodField.optional(),
});

const CommandInput = SelectionFields.extend({
  command: z.enum(["test-and-enable", "apply-defaults", "edit", "activate", "deactivate"]),
  methods: Methods.optional(),
});
export type MailboxCommandInput = z.input<typeof CommandInput>;
export type MailboxCommand = z.output<typeof CommandInput>["command"];

/** The grid's and the form's Test & Enable, Apply Default Email Settings, Edit, Activate and Deactivate. */
export const runMailboxCommandAction = inputAction(
  CommandInput,
  async (input, { db, actor, ...ctx }): Promise<CommandOutcome[] | Refusal> => {
    const items = await resolveSelection(db, actor, input, ctx.now);
    if (!items) return NOT_FOUND_RESULT;
    const environmentId = input.environmentId;
    const outcomes =
      input.command === "test-and-enable"
        ? await testAndEnableMailboxes(db, actor, { environmentId, ids: items.map((i) => i.id) }, ctx)
        : input.command === "apply-defaults"
          ? await applyDefaultEmailSettings(db, actor, { environmentId, items }, ctx)
          : input.command === "edit"
            ? await setSyncMethods(db, actor, { environmentId, items, methods: input.methods ?? {} }, ctx)
            : await setMailboxesActive(
                db,
                actor,
                { environmentId, items, isActive: input.command === "activate" },
                ctx,
              );
    revalidate([{ layout: `/environments/${input.slug}` }, "/my-mailbox"]);
    return outcomes;
  },
  refusalOf,
);
