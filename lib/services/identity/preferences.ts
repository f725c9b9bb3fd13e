import "server-only";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { userPreferences } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import {
  DEFAULT_HIDDEN_MAILBOX_COLUMNS,
  OPTIONAL_MAILBOX_COLUMNS,
  type MailboxColumn,
} from "@/lib/policy/mailbox-columns";
import { preparedOnce } from "../prepared";
import type { ActionContext, ServiceResult } from "../result";

/**
 * A person's display preferences, each under its key with the schema its JSON must meet (a row
 * that no longer parses, e.g. naming a column since removed, reads as the default).
 *
 * Not audited, unlike notification preferences: which columns a person looks at changes nothing
 * anyone else sees, no data and no access, and a log entry per ticked box would bury the events
 * the audit log exists for.
 */
const HIDDEN_MAILBOX_COLUMNS = "mailboxes.hiddenColumns";
export const HiddenMailboxColumns = z.array(z.enum(OPTIONAL_MAILBOX_COLUMNS)).max(OPTIONAL_MAILBOX_COLUMNS.length);

// Read on every view of the grid: prepared once (issue 20).
const hiddenColumnsOf = (db: Db) =>
  prepare(
    db
      .select({ value: userPreferences.value })
      .from(userPreferences)
      .where(
        and(eq(userPreferences.userId, sql.placeholder("userId")), eq(userPreferences.key, HIDDEN_MAILBOX_COLUMNS)),
      ),
  );

/** The optional mailbox-grid columns the actor hides. */
export async function getHiddenMailboxColumns(db: Db, actor: Actor): Promise<MailboxColumn[]> {
  const row = await preparedOnce(db, hiddenColumnsOf).get({ userId: actor.id });
  const parsed = HiddenMailboxColumns.safeParse(row?.value);
  return parsed.success ? parsed.data : [...DEFAULT_HIDDEN_MAILBOX_COLUMNS];
}

/** Keeps the actor's own choice of hidden columns; nobody sets another person's. */
export async function saveHiddenMailboxColumns(
  db: Db,
  actor: Actor,
  input: { hidden: readonly MailboxColumn[] },
  ctx: Pick<ActionContext, "now">,
): Promise<ServiceResult> {
  const hidden = OPTIONAL_MAILBOX_COLUMNS.filter((c) => input.hidden.includes(c));
  await withTransaction(
    db,
    async (tx) =>
      await tx
        .insert(userPreferences)
        .values({ userId: actor.id, key: HIDDEN_MAILBOX_COLUMNS, value: hidden, updatedAt: ctx.now })
        .onConflictDoUpdate({
          target: [userPreferences.userId, userPreferences.key],
          set: { value: hidden, updatedAt: ctx.now },
        }),
  );
  return { ok: true, message: hidden.length === 0 ? "All columns shown." : `${hidden.length} hidden.` };
}
