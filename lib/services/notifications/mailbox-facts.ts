import "server-only";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { NoticeMailbox } from "./recipients";

export type NoticeFacts = NoticeMailbox & { name: string; environmentName: string; slug: string };

/** The mailboxes a notice is about, with their environment, in one statement (ids as one JSON parameter). */
export function loadNoticeFacts(db: Db | Tx, ids: readonly number[]): NoticeFacts[] {
  if (ids.length === 0) return [];
  return db.all<NoticeFacts>(sqlFacts(JSON.stringify([...new Set(ids)])));
}

const sqlFacts = (ids: string) =>
  sql`select m.id, m.name, m.email_address as emailAddress, m.environment_id as environmentId,
             m.regarding_type as regardingType, m.regarding_user_id as regardingUserId, m.owner_id as ownerId,
             e.name as environmentName, e.slug
      from mailboxes m join environments e on e.id = m.environment_id
      where m.id in (select value from json_each(${ids}))
      order by m.id`;

export const mailboxPath = (m: Pick<NoticeFacts, "slug" | "id">) => `/environments/${m.slug}/mailboxes/${m.id}`;
