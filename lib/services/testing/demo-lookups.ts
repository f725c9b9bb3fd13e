import type { Db } from "@/db/client";
import type { EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "../identity/actor";
import { findEnvironmentPage, type VisibleEnvironment } from "../settings/environments";

/** The columns of a mailbox most tests read; a test that reads more names its own row type. */
export type DemoMailbox = { id: number; version: number; email_status: number };

/**
 * The lookups service tests make in the seeded Contoso demo, by the names a reader knows
 * (aliases, slugs). `db` is a getter because tests open a fresh database per test or per file.
 */
export function demoLookups(db: () => Db) {
  const one = <T>(sql: string, ...params: unknown[]) =>
    db()
      .$client.prepare(sql)
      .get(...params) as T;
  const all = <T>(sql: string, ...params: unknown[]) =>
    db()
      .$client.prepare(sql)
      .all(...params) as T[];
  const envId = (slug: string) => one<{ id: number }>("select id from environments where slug = ?", slug).id;
  const dirId = (alias: string) =>
    one<{ id: number }>("select id from directory_users where upn = ?", `${alias}@contoso.com`).id;
  const mailbox = <T = DemoMailbox>(address: string, slug = "production") =>
    one<T>("select * from mailboxes where environment_id = ? and email_address = ?", envId(slug), address);
  return {
    one,
    all,
    envId,
    dirId,
    PROD: () => envId("production"),
    actorOf: async (alias: string): Promise<Actor> => (await loadActor(db(), dirId(alias)))!,
    /** An environment page as the access check hands it to a page: to Ava (Global Administrator) unless said. */
    visible: async <P extends EnvironmentPage>(page: P, slug = "production", alias = "ava", now = new Date()) =>
      (await findEnvironmentPage(
        db(),
        (await loadActor(db(), dirId(alias)))!,
        slug,
        page,
        now,
      )) as VisibleEnvironment<P>,
    /** A mailbox by its address (in Production unless said), every column as stored. */
    mailbox,
    /** A Production mailbox as an approval selects it: its id and the version it was loaded at. */
    approvalItem: (address: string) => {
      const { id, version } = mailbox(address);
      return { id, version };
    },
    /** The environment's default server profile (Production's unless said). */
    defaultProfileId: (slug = "production") =>
      one<{ id: number }>("select id from server_profiles where environment_id = ? and is_default = 1", envId(slug)).id,
    /** The alias's environment user in an environment (Production unless said). */
    envUserId: (alias: string, slug = "production") =>
      one<{ id: number }>(
        "select id from environment_users where environment_id = ? and directory_user_id = ?",
        envId(slug),
        dirId(alias),
      ).id,
  };
}
