import "server-only";
import { first, prepare } from "@/db/query";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { environments, environmentUsers, mailboxes, securityRoles, tenants, userRoleAssignments } from "@/db/schema";
import { environmentAccess, type EnvironmentAccess, type EnvironmentPage } from "@/lib/policy/access";
import { isHoldingActive, type Actor } from "@/lib/policy/actor";
import { EmailStatus } from "@/lib/policy/catalog";
import { preparedOnce } from "../prepared";

export type EnvironmentRow = typeof environments.$inferSelect;

declare const visibleFor: unique symbol;
/**
 * An environment the actor may open, for page P (any of its pages when P is left out). Only the
 * access check below makes one, and the brand has no value to copy, so a read service that takes
 * `VisibleEnvironment<"users">` cannot be reached without asking it: reading is authorized below
 * the page, exactly like writing.
 */
export type VisibleEnvironment<P extends EnvironmentPage = EnvironmentPage> = EnvironmentRow & {
  access: EnvironmentAccess;
  readonly [visibleFor]: P;
};

/** Whether the environment exists: a tenant admin may name any id, and an unknown one is "not found", never a failed write. */
export async function environmentExists(db: Db | Tx, environmentId: number): Promise<boolean> {
  return (
    (await first(
      db.select({ id: environments.id }).from(environments).where(eq(environments.id, environmentId)).limit(1),
    )) !== undefined
  );
}

/** The tenant (the shell shows its name on every page). */
export async function getTenant(db: Db) {
  return (await preparedOnce(db, prepareTenant).get()) ?? null;
}

const prepareTenant = (db: Db) => prepare(db.select().from(tenants).limit(1));
const prepareEnvironmentsByName = (db: Db) => prepare(db.select().from(environments).orderBy(asc(environments.name)));

/** Environments the actor may open at all, with the pages each allows, in name order (the shell's, every page). */
export async function listVisibleEnvironments(db: Db, actor: Actor, now: Date): Promise<VisibleEnvironment[]> {
  return (await preparedOnce(db, prepareEnvironmentsByName).all())
    .map((env) => ({ ...env, access: environmentAccess(actor, env.id, now) }) as VisibleEnvironment)
    .filter((env) => env.access.pages.size > 0);
}

// Every environment page asks it first: prepared once (issue 20).
const environmentBySlug = (db: Db) =>
  prepare(
    db
      .select()
      .from(environments)
      .where(eq(environments.slug, sql.placeholder("slug"))),
  );

/** The environment behind a slug, or null when it does not exist or the actor may not open that page. */
export async function findEnvironmentPage<P extends EnvironmentPage>(
  db: Db,
  actor: Actor,
  slug: string,
  page: P,
  now: Date,
): Promise<VisibleEnvironment<P> | null> {
  const env = await preparedOnce(db, environmentBySlug).get({ slug });
  if (!env) return null;
  const access = environmentAccess(actor, env.id, now);
  return access.pages.has(page) ? ({ ...env, access } as VisibleEnvironment<P>) : null;
}

export type EnvironmentOverview = {
  enabledUsers: number;
  disabledUsers: number;
  mailboxesByStatus: Record<EmailStatus, number>;
  inactiveMailboxes: number;
  dmaHolders: { name: string; email: string; endsAt: Date | null; isExpired: boolean }[];
};

export async function getEnvironmentOverview(
  db: Db,
  environment: VisibleEnvironment<"overview">,
  now: Date,
): Promise<EnvironmentOverview> {
  const environmentId = environment.id;
  const users = await db
    .select({ isEnabled: environmentUsers.isEnabled, n: count() })
    .from(environmentUsers)
    .where(eq(environmentUsers.environmentId, environmentId))
    .groupBy(environmentUsers.isEnabled);
  const byStatus = await db
    .select({ status: mailboxes.emailStatus, isActive: mailboxes.isActive, n: count() })
    .from(mailboxes)
    .where(eq(mailboxes.environmentId, environmentId))
    .groupBy(mailboxes.emailStatus, mailboxes.isActive);
  const mailboxesByStatus: Record<EmailStatus, number> = {
    [EmailStatus.Empty]: 0,
    [EmailStatus.Approved]: 0,
    [EmailStatus.PendingApproval]: 0,
    [EmailStatus.Rejected]: 0,
  };
  for (const row of byStatus.filter((r) => r.isActive)) mailboxesByStatus[row.status] += row.n;

  const dmaRole = await first(
    db
      .select({ id: securityRoles.id })
      .from(securityRoles)
      .where(and(eq(securityRoles.environmentId, environmentId), eq(securityRoles.key, "delegated_mailbox_approver")))
      .limit(1),
  );
  const holders = dmaRole
    ? await db
        .select({ name: environmentUsers.fullName, email: environmentUsers.email, endsAt: userRoleAssignments.endsAt })
        .from(userRoleAssignments)
        .innerJoin(environmentUsers, eq(environmentUsers.id, userRoleAssignments.environmentUserId))
        .where(inArray(userRoleAssignments.roleId, [dmaRole.id]))
        .orderBy(asc(environmentUsers.fullName))
    : [];

  return {
    enabledUsers: users.find((u) => u.isEnabled)?.n ?? 0,
    disabledUsers: users.find((u) => !u.isEnabled)?.n ?? 0,
    mailboxesByStatus,
    inactiveMailboxes: byStatus.filter((r) => !r.isActive).reduce((sum, r) => sum + r.n, 0),
    dmaHolders: holders.map((h) => ({ ...h, isExpired: !isHoldingActive(h, now) })),
  };
}

/** The environment behind a slug when the actor may open any page of it (a mailbox form decides the rest), else null. */
export async function findVisibleEnvironment(
  db: Db,
  actor: Actor,
  slug: string,
  now: Date,
): Promise<VisibleEnvironment | null> {
  const env = await preparedOnce(db, environmentBySlug).get({ slug });
  if (!env) return null;
  const access = environmentAccess(actor, env.id, now);
  return access.pages.size > 0 ? ({ ...env, access } as VisibleEnvironment) : null;
}
