import "server-only";
import { prepare } from "@/db/query";
import { withTransaction } from "@/db/transaction";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import type { AlertSpec } from "@/lib/policy/test-and-enable";
import { preparedOnce } from "../prepared";

/**
 * Writes a mailbox's alerts, one row per (mailbox, code): a repeat of the same alert refreshes its
 * level, text and last-logged time instead of adding a row (DOMAIN §6). Returns a writer bound to
 * one prepared statement, for use inside the caller's transaction on many mailboxes.
 */
export function alertWriter(db: Db) {
  const upsert = preparedOnce(db, prepareUpsert);
  return async (mailboxId: number, specs: readonly AlertSpec[], now: Date) => {
    for (const alert of specs)
      await upsert.run({ mailboxId, level: alert.level, code: alert.code, text: alert.text, at: now });
  };
}

function prepareUpsert(db: Db) {
  return prepare(
    db
      .insert(alerts)
      .values({
        mailboxId: sql.placeholder("mailboxId"),
        level: sql.placeholder("level"),
        code: sql.placeholder("code"),
        text: sql.placeholder("text"),
        createdOn: sql.placeholder("at"),
        lastLoggedOn: sql.placeholder("at"),
      })
      .onConflictDoUpdate({
        target: [alerts.mailboxId, alerts.code],
        set: { level: sql`excluded.level`, text: sql`excluded.text`, lastLoggedOn: sql`excluded.last_logged_on` },
      }),
  );
}

/** Writes alerts for one mailbox in its own transaction. */
export async function logMailboxAlerts(
  db: Db,
  mailboxId: number,
  specs: readonly AlertSpec[],
  now: Date,
): Promise<void> {
  await withTransaction(db, async () => alertWriter(db)(mailboxId, specs, now));
}
