import "server-only";
import { rawRows } from "@/db/query";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environments, environmentUsers, mailboxes, securityRoles, teams } from "@/db/schema";
import { decideViewMailbox, decideViewTenantUsers, environmentAccess, type EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import type { AuditEventRow } from "./search";

/**
 * Where an event's target lives now, for a link from the audit log: only when the record still
 * exists, in the event's environment, and the viewer may open its page; otherwise the log shows
 * the label as recorded. One statement for a whole page of events, whatever their kinds.
 */
export type TargetPlace =
  | { kind: EnvironmentKind; id: number; environmentSlug: string }
  | { kind: "directoryUser"; id: number };

const ENVIRONMENT_TABLES = {
  mailbox: { table: mailboxes, page: "mailboxes" },
  environmentUser: { table: environmentUsers, page: "users" },
  team: { table: teams, page: "teams" },
  securityRole: { table: securityRoles, page: "roles" },
} as const satisfies Record<string, { table: unknown; page: EnvironmentPage }>;
type EnvironmentKind = keyof typeof ENVIRONMENT_TABLES;
type Kind = EnvironmentKind | "directoryUser";

const idOf = (e: AuditEventRow) => (e.targetId !== null && /^\d+$/.test(e.targetId) ? Number(e.targetId) : null);

/** A target as it is now: its environment's slug, and a mailbox's owner for viewers who may not open every mailbox. */
type Found = {
  kind: Kind;
  id: number;
  environmentId: number | null;
  slug: string | null;
  regardingType: string | null;
  regardingUserId: number | null;
};

export async function findTargetPlaces(
  db: Db,
  actor: Actor,
  now: Date,
  events: readonly AuditEventRow[],
): Promise<Map<number, TargetPlace>> {
  const places = new Map<number, TargetPlace>();
  // The viewer's pages per environment, worked out once for the page's rows.
  const pagesIn = new Map<number, ReadonlySet<EnvironmentPage>>();
  const pagesOf = (environmentId: number) => {
    let pages = pagesIn.get(environmentId);
    if (!pages) pagesIn.set(environmentId, (pages = environmentAccess(actor, environmentId, now).pages));
    return pages;
  };
  const found = new Map((await lookUpTargets(db, actor, events)).map((t) => [`${t.kind}:${t.id}`, t]));
  for (const e of events) {
    const id = idOf(e);
    const target = id === null ? undefined : found.get(`${e.targetType}:${id}`);
    if (!target || id === null) continue;
    if (target.kind === "directoryUser") {
      places.set(e.seq, { kind: "directoryUser", id });
    } else if (
      target.environmentId === e.environmentId &&
      target.slug &&
      mayOpen(actor, now, target.kind, target, pagesOf(target.environmentId!))
    ) {
      places.set(e.seq, { kind: target.kind, id, environmentSlug: target.slug });
    }
  }
  return places;
}

/** Whether the viewer may open the target's page: a mailbox also to its owner, the rest by the environment's pages. */
function mayOpen(
  actor: Actor,
  now: Date,
  kind: EnvironmentKind,
  target: Found,
  pages: ReadonlySet<EnvironmentPage>,
): boolean {
  const environmentId = target.environmentId!;
  if (pages.has(ENVIRONMENT_TABLES[kind].page)) return true;
  if (kind !== "mailbox") return false;
  const { regardingType, regardingUserId } = target;
  return (
    (regardingType === "user" || regardingType === "queue") &&
    decideViewMailbox(actor, { environmentId, regardingType, regardingUserId }, now).allowed
  );
}

/**
 * The events' targets that still exist, every kind in one UNION ALL of id lookups. Raw SQL: a
 * Drizzle union wants the same typed columns in every branch, which these literal kinds and NULLs
 * only have by casts.
 */
async function lookUpTargets(db: Db, actor: Actor, events: readonly AuditEventRow[]): Promise<Found[]> {
  const ids = (kind: Kind) => [
    ...new Set(
      events
        .filter((e) => e.targetType === kind && (kind === "directoryUser" || e.environmentId !== null))
        .map(idOf)
        .filter((id) => id !== null),
    ),
  ];
  const branches = (Object.keys(ENVIRONMENT_TABLES) as EnvironmentKind[]).flatMap((kind) => {
    const wanted = ids(kind);
    if (wanted.length === 0) return [];
    const { table } = ENVIRONMENT_TABLES[kind];
    const [regardingType, regardingUserId] =
      table === mailboxes ? [mailboxes.regardingType, mailboxes.regardingUserId] : [sql`NULL`, sql`NULL`];
    return [
      sql`SELECT ${kind} AS kind, ${table.id} AS id, ${table.environmentId} AS "environmentId", ${environments.slug} AS slug,
        ${regardingType} AS "regardingType", ${regardingUserId} AS "regardingUserId"
        FROM ${table} JOIN ${environments} ON ${environments.id} = ${table.environmentId}
        WHERE ${inArray(table.id, wanted)}`,
    ];
  });
  const people = decideViewTenantUsers(actor).allowed ? ids("directoryUser") : [];
  if (people.length)
    branches.push(
      sql`SELECT 'directoryUser' AS kind, ${directoryUsers.id} AS id, NULL AS "environmentId", NULL AS slug, NULL AS "regardingType", NULL AS "regardingUserId" FROM ${directoryUsers}
        WHERE ${inArray(directoryUsers.id, people)}`,
    );
  // Aliases quoted: PostgreSQL folds unquoted names to lower case.
  return branches.length ? await rawRows<Found>(db, sql.join(branches, sql` UNION ALL `)) : [];
}
