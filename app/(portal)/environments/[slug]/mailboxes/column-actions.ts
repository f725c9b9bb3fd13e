"use server";

import { z } from "zod";
import { listOf } from "@/lib/form-schemas";
import { OPTIONAL_MAILBOX_COLUMNS } from "@/lib/policy/mailbox-columns";
import { serviceAction } from "@/lib/service-action";
import { saveHiddenMailboxColumns } from "@/lib/services/identity/preferences";

/**
 * The Columns menu's save: the actor's own hidden columns. Nothing to revalidate: the grid already
 * shows the choice, and every later render reads it.
 */
export const saveMailboxColumnsAction = serviceAction(
  z.object({ hidden: listOf(z.enum(OPTIONAL_MAILBOX_COLUMNS), OPTIONAL_MAILBOX_COLUMNS.length) }),
  ({ hidden }, { db, actor, now }) => saveHiddenMailboxColumns(db, actor, { hidden }, { now }),
);
