import "server-only";
import { inJsonIds } from "@/db/sql";
import { prepare } from "@/db/query";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { environments, mailboxes } from "@/db/schema";
import type { NoticeMailbox } from "./recipients";
import { preparedOnce } from "../prepared";

export type NoticeFacts = NoticeMailbox & { name: string; environmentName: string; slug: string };

/** The mailboxes a notice is about, with their environment, in one statement (ids as one JSON parameter). */
export async function loadNoticeFacts(db: Db | Tx, ids: readonly number[]): Promise<NoticeFacts[]> {
  if (ids.length === 0) return [];
  return await preparedOnce(db, prepareNoticeFacts).all({ ids: JSON.stringify([...new Set(ids)]) });
}

function prepareNoticeFacts(db: Db | Tx) {
  return prepare(
    db
      .select({
        id: mailboxes.id,
        name: mailboxes.name,
        emailAddress: mailboxes.emailAddress,
        environmentId: mailboxes.environmentId,
        regardingType: mailboxes.regardingType,
        regardingUserId: mailboxes.regardingUserId,
        ownerId: mailboxes.ownerId,
        environmentName: environments.name,
        slug: environments.slug,
      })
      .from(mailboxes)
      .innerJoin(environments, eq(environments.id, mailboxes.environmentId))
      .where(inJsonIds(mailboxes.id, sql.placeholder("ids")))
      .orderBy(mailboxes.id),
  );
}

export const mailboxPath = (m: Pick<NoticeFacts, "slug" | "id">) => `/environments/${m.slug}/mailboxes/${m.id}`;
