import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rawRows } from "@/db/query";
import { flag } from "@/db/sql";
import type { EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { loadActor } from "../identity/actor";
import { findEnvironmentPage, type VisibleEnvironment } from "../settings/environments";

/** The columns of a mailbox most tests read; a test that reads more names its own row type. */
export type DemoMailbox = { id: number; version: number; email_status: number };

/**
 * The lookups service tests make in the seeded Contoso demo, by the names a reader knows
 * (aliases, slugs). `db` is a getter because tests open a fresh database per test or per file.
 * Asynchronous, and `one`/`all` take SQL with `?` placeholders, so the same tests run on SQLite
 * and on PostgreSQL (issue 19): the SQL itself must be the same in both (flags and instants
 * bound with db/sql.ts's `flag` and `instant`).
 */
export function demoLookups(db: () => Db) {
  const one = async <T>(text: string, ...params: unknown[]) => (await all<T>(text, ...params))[0] as T;
  const all = <T>(text: string, ...params: unknown[]) => rawRows<T>(db(), bound(text, params));
  /** A statement that returns no rows (an UPDATE or DELETE a test arranges with). */
  const run = async (text: string, ...params: unknown[]) => {
    const d = db() as unknown as { run?: (q: SQL) => unknown; execute?: (q: SQL) => Promise<unknown> };
    await (d.run ? d.run(bound(text, params)) : d.execute!(bound(text, params)));
  };
  const envId = async (slug: string) =>
    (await one<{ id: number }>("select id from environments where slug = ?", slug)).id;
  const dirId = async (alias: string) =>
    (await one<{ id: number }>("select id from directory_users where upn = ?", `${alias}@contoso.com`)).id;
  const mailbox = async <T = DemoMailbox>(address: string, slug = "production") =>
    one<T>("select * from mailboxes where environment_id = ? and email_address = ?", await envId(slug), address);
  return {
    one,
    all,
    run,
    envId,
    dirId,
    PROD: () => envId("production"),
    actorOf: async (alias: string): Promise<Actor> => (await loadActor(db(), await dirId(alias)))!,
    /** An environment page as the access check hands it to a page: to Ava (Global Administrator) unless said. */
    visible: async <P extends EnvironmentPage>(page: P, slug = "production", alias = "ava", now = new Date()) =>
      (await findEnvironmentPage(
        db(),
        (await loadActor(db(), await dirId(alias)))!,
        slug,
        page,
        now,
      )) as VisibleEnvironment<P>,
    /** A mailbox by its address (in Production unless said), every column as stored. */
    mailbox,
    /** A Production mailbox as an approval selects it: its id and the version it was loaded at. */
    approvalItem: async (address: string) => {
      const { id, version } = await mailbox(address);
      return { id, version };
    },
    /** The environment's default server profile (Production's unless said). */
    defaultProfileId: async (slug = "production") =>
      (
        await one<{ id: number }>(
          "select id from server_profiles where environment_id = ? and is_default = ?",
          await envId(slug),
          flag(true),
        )
      ).id,
    /** The alias's environment user in an environment (Production unless said). */
    envUserId: async (alias: string, slug = "production") =>
      (
        await one<{ id: number }>(
          "select id from environment_users where environment_id = ? and directory_user_id = ?",
          await envId(slug),
          await dirId(alias),
        )
      ).id,
  };
}

/**
 * An instant as a raw row (`one`/`all`) reads it, in epoch milliseconds on either dialect: SQLite
 * stores the milliseconds, PostgreSQL's driver gives the timestamp's text. A missing one stays null.
 */
export const epochMs = (stored: number | string | null): number | null =>
  stored === null ? null : new Date(stored).getTime();

/** SQL text with `?` placeholders and its values, as a query either dialect runs (db/query.ts's rawRows). */
function bound(text: string, params: unknown[]): SQL {
  // PostgreSQL counts in bigint, which node-postgres reads as a string: as an integer, a count reads
  // as a number on both.
  const parts = text.replace(/\bcount\((\*|[\w.]+)\)/gi, "cast(count($1) as integer)").split("?");
  if (parts.length !== params.length + 1)
    throw new Error(`${params.length} values for ${parts.length - 1} placeholders`);
  return sql.join(
    parts.flatMap((part, i) => (i < params.length ? [sql.raw(part), sql`${params[i]}`] : [sql.raw(part)])),
    sql``,
  );
}
