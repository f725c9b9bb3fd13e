import "server-only";
import { affected, prepare } from "@/db/query";
import { and, desc, eq, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Actor } from "@/lib/policy/actor";
import { preparedOnce } from "../prepared";
import type { ServiceResult } from "../result";

/**
 * A person's own notifications: every read and write here is keyed by the actor, so nobody reads
 * or marks anyone else's. Marking read is not audited: it is the reader's bookmark, not a change
 * to anything the rules govern (like a session's last-seen time).
 */

export const NOTIFICATIONS_PAGE_SIZE = 30;

export type NotificationView = {
  id: number;
  kind: string;
  title: string;
  body: string;
  href: string | null;
  linkLabel: string | null;
  createdAt: Date;
  isRead: boolean;
};

/** The header's count (every page): the partial index holds unread rows only. */
export async function countUnread(db: Db, actor: Actor): Promise<number> {
  return (await preparedOnce(db, prepareCountUnread).get({ recipientId: actor.id }))?.n ?? 0;
}

function prepareCountUnread(db: Db) {
  return prepare(
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(notifications)
      .where(and(eq(notifications.recipientId, sql.placeholder("recipientId")), isNull(notifications.readAt))),
  );
}

/** Newest first, by keyset on id: `before` is the last id of the previous page. */
export async function listNotifications(
  db: Db,
  actor: Actor,
  options: { before?: number } = {},
): Promise<{ rows: NotificationView[]; nextBefore: number | null }> {
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.recipientId, actor.id), options.before ? lt(notifications.id, options.before) : undefined),
    )
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE + 1);
  const page = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  return {
    rows: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      href: n.href,
      linkLabel: n.linkLabel,
      createdAt: n.createdAt,
      isRead: n.readAt !== null,
    })),
    nextBefore: rows.length > NOTIFICATIONS_PAGE_SIZE ? page[page.length - 1]!.id : null,
  };
}

/**
 * Marks one notification read, or every one up to `upToId` (the newest the page showed, so one
 * that arrived after the page loaded stays unread).
 */
export async function markNotificationsRead(
  db: Db,
  actor: Actor,
  input: { id: number } | { upToId: number },
  now: Date,
): Promise<ServiceResult<{ marked: number }>> {
  const which = "id" in input ? eq(notifications.id, input.id) : lte(notifications.id, input.upToId);
  const changes = affected(
    await db
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.recipientId, actor.id), isNull(notifications.readAt), which)),
  );
  return {
    ok: true,
    message: changes === 1 ? "Marked 1 notification read." : `Marked ${changes} notifications read.`,
    marked: changes,
  };
}
