import "server-only";
import type { Db } from "@/db/client";
import type { AlertSpec } from "@/lib/policy/test-and-enable";

/**
 * Writes a mailbox's alerts, one row per (mailbox, code): a repeat of the same alert refreshes its
 * level, text and last-logged time instead of adding a row (DOMAIN §6). Returns a writer bound to
 * one prepared statement, for use inside the caller's transaction on many mailboxes.
 */
export function alertWriter(db: Db) {
  const upsert = db.$client.prepare(
    `insert into alerts (mailbox_id, level, code, text, created_on, last_logged_on) values (?, ?, ?, ?, ?, ?)
     on conflict (mailbox_id, code) do update set level = excluded.level, text = excluded.text, last_logged_on = excluded.last_logged_on`,
  );
  return (mailboxId: number, alerts: readonly AlertSpec[], now: Date) => {
    for (const alert of alerts)
      upsert.run(mailboxId, alert.level, alert.code, alert.text, now.getTime(), now.getTime());
  };
}

/** Writes alerts for one mailbox in its own transaction. */
export function logMailboxAlerts(db: Db, mailboxId: number, alerts: readonly AlertSpec[], now: Date): void {
  db.transaction(() => alertWriter(db)(mailboxId, alerts, now), { behavior: "immediate" });
}
