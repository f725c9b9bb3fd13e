import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { directoryUsers, environments, environmentUsers, mailboxes, securityRoles, teams } from "@/db/schema";
import { decideViewMailbox, decideViewTenantUsers, environmentAccess, type EnvironmentPage } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import type { AuditEventRow } from "./search";

/**
 * Where an event's target lives now, for a link from the audit log: only when the record still
 * exists, in the event's environment, and the viewer may open its page; otherwise the log shows
 * the label as recorded. One query per target type for a whole page of events.
 */
export type TargetPlace =
  | { kind: "mailbox" | "environmentUser" | "team" | "securityRole"; id: number; environmentSlug: string }
  | { kind: "directoryUser"; id: number };

const ENVIRONMENT_TABLES = {
  mailbox: { table: mailboxes, page: "mailboxes" },
  environmentUser: { table: environmentUsers, page: "users" },
  team: { table: teams, page: "teams" },
  securityRole: { table: securityRoles, page: "roles" },
} as const satisfies Record<string, { table: unknown; page: EnvironmentPage }>;
type EnvironmentKind = keyof typeof ENVIRONMENT_TABLES;

const idOf = (e: AuditEventRow) => (e.targetId !== null && /^\d+$/.test(e.targetId) ? Number(e.targetId) : null);

export function findTargetPlaces(
  db: Db,
  actor: Actor,
  now: Date,
  events: readonly AuditEventRow[],
): Map<number, TargetPlace> {
  const places = new Map<number, TargetPlace>();
  const slugs = new Map(
    db
      .select({ id: environments.id, slug: environments.slug })
      .from(environments)
      .all()
      .map((r) => [r.id, r.slug]),
  );
  for (const kind of Object.keys(ENVIRONMENT_TABLES) as EnvironmentKind[]) {
    const wanted = events.filter((e) => e.targetType === kind && e.environmentId !== null && idOf(e) !== null);
    if (wanted.length === 0) continue;
    const { table, page } = ENVIRONMENT_TABLES[kind];
    const found = new Map(
      db
        .select({ id: table.id, environmentId: table.environmentId })
        .from(table)
        .where(inArray(table.id, [...new Set(wanted.map((e) => idOf(e)!))]))
        .all()
        .map((r) => [r.id, r.environmentId]),
    );
    const mayOpen = viewerOf(db, actor, now, kind, page);
    for (const e of wanted) {
      const id = idOf(e)!;
      const slug = slugs.get(e.environmentId!);
      if (found.get(id) !== e.environmentId || !slug || !mayOpen(e.environmentId!, id)) continue;
      places.set(e.seq, { kind, id, environmentSlug: slug });
    }
  }
  const people = events.filter((e) => e.targetType === "directoryUser" && idOf(e) !== null);
  if (people.length && decideViewTenantUsers(actor).allowed) {
    const ids = [...new Set(people.map((e) => idOf(e)!))];
    const existing = new Set(
      db
        .select({ id: directoryUsers.id })
        .from(directoryUsers)
        .where(inArray(directoryUsers.id, ids))
        .all()
        .map((r) => r.id),
    );
    for (const e of people) if (existing.has(idOf(e)!)) places.set(e.seq, { kind: "directoryUser", id: idOf(e)! });
  }
  return places;
}

/** Whether the viewer may open the target's page: a mailbox also to its owner, the rest by the environment's pages. */
function viewerOf(db: Db, actor: Actor, now: Date, kind: EnvironmentKind, page: EnvironmentPage) {
  const seesPage = (environmentId: number) => environmentAccess(actor, environmentId, now).pages.has(page);
  if (kind === "mailbox") {
    // Read the mailbox's owner only for viewers who cannot open every mailbox (rare among audit readers).
    return (environmentId: number, id: number) => {
      if (seesPage(environmentId)) return true;
      const mailbox = db
        .select({ regardingType: mailboxes.regardingType, regardingUserId: mailboxes.regardingUserId })
        .from(mailboxes)
        .where(and(eq(mailboxes.id, id), eq(mailboxes.environmentId, environmentId)))
        .get();
      return !!mailbox && decideViewMailbox(actor, { ...mailbox, environmentId }, now).allowed;
    };
  }
  return seesPage;
}
