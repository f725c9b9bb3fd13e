import type { Db } from "@/db/client";
import type { EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "../identity/actor";
import { findEnvironmentPage, type VisibleEnvironment } from "../settings/environments";

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
  return {
    one,
    all,
    envId,
    dirId,
    PROD: () => envId("production"),
    actorOf: (alias: string): Actor => loadActor(db(), dirId(alias))!,
    /** An environment page as the access check hands it to a page: to Ava (Global Administrator) unless said. */
    visible: <P extends EnvironmentPage>(page: P, slug = "production", alias = "ava", now = new Date()) =>
      findEnvironmentPage(db(), loadActor(db(), dirId(alias))!, slug, page, now) as VisibleEnvironment<P>,
    /** The alias's environment user in an environment (Production unless said). */
    envUserId: (alias: string, slug = "production") =>
      one<{ id: number }>(
        "select id from environment_users where environment_id = ? and directory_user_id = ?",
        envId(slug),
        dirId(alias),
      ).id,
  };
}
