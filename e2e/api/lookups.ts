import { e2eDatabase } from "../security/e2e-db";
import { queueEmail, upnOf } from "./people";

/** Ids and rows of the e2e database (read-only), by the names the fixture gave them. */
export const db = e2eDatabase();

export const mailboxByEmail = (slug: string, email: string) =>
  db.one<{ id: number; version: number; email_status: number }>(
    "select m.id, m.version, m.email_status from mailboxes m join environments e on e.id = m.environment_id where e.slug = ? and m.email_address = ?",
    slug,
    email,
  );
export const queueMailbox = (name: string) => mailboxByEmail("api", queueEmail(name));
export const personMailbox = (alias: string, slug = "api") => mailboxByEmail(slug, upnOf(alias));
export const demoMailbox = (alias: string) => mailboxByEmail("production", `${alias}@contoso.com`);

export const tokenId = (name: string) => db.one<{ id: number }>("select id from api_tokens where name = ?", name).id;

/** The audit events of a target, newest first, as the log recorded them. */
export const eventsOf = (targetType: string, targetId: number | string) =>
  db.all<{
    action: string;
    actor_upn: string;
    token_id: number | null;
    token_name: string | null;
    after: string | null;
  }>(
    "select action, actor_upn, token_id, token_name, after from audit_events where target_type = ? and target_id = ? order by seq desc",
    targetType,
    String(targetId),
  );
