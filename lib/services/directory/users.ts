import "server-only";
import { likeAnyCase } from "@/db/sql";
import { first } from "@/db/query";
import { and, asc, count, eq, inArray, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, environments, environmentUsers, exchangeRecipients, tenantRoleAssignments } from "@/db/schema";
import { decideViewTenantUsers } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { TENANT_ROLE_KEYS, type TenantRole } from "@/lib/policy/catalog";
import { refusal, type Refusal } from "../result";

/** The tenant admin area's reads: directory users, their tenant roles and their Exchange facts (changes: directory-user-changes.ts). */

export const PAGE_SIZE = 50;

export type ExchangeKind = "user" | "shared" | "none";
export type ExchangeFacts = { kind: ExchangeKind; isLicensed: boolean };

type Reader = Db | Tx;

const facts = (kind: string | null, isLicensed: boolean | null): ExchangeFacts =>
  kind === "user" || kind === "shared"
    ? { kind, isLicensed: isLicensed ?? false }
    : { kind: "none", isLicensed: false };
export const byCatalogOrder = (roles: TenantRole[]) => TENANT_ROLE_KEYS.filter((r) => roles.includes(r));

/** The actor's own tenant: every read and write is scoped to it. */
export async function tenantIdOf(db: Reader, actor: Actor): Promise<number> {
  const row = await first(
    db
      .select({ tenantId: directoryUsers.tenantId })
      .from(directoryUsers)
      .where(eq(directoryUsers.id, actor.id))
      .limit(1),
  );
  if (!row) throw new Error(`Actor ${actor.id} has no directory user`);
  return row.tenantId;
}

declare const visibleDirectory: unique symbol;
/** The actor's tenant directory, as only openTenantDirectory hands it out: the directory's readers take it. */
export type TenantDirectory = { tenantId: number; readonly [visibleDirectory]: true };

/** The directory for a tenant admin; for anyone else the rule's refusal, which the page shows instead. */
export async function openTenantDirectory(
  db: Db,
  actor: Actor,
): Promise<{ ok: true; directory: TenantDirectory } | Refusal> {
  const decision = decideViewTenantUsers(actor);
  if (!decision.allowed) return refusal(decision);
  return { ok: true, directory: { tenantId: await tenantIdOf(db, actor) } as TenantDirectory };
}

/** LIKE pattern for "contains", with the user's own % and _ taken literally. */
const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of the grid; walks the (tenant_id, display_name, id) index in its order. */
export function directoryUsersPageQuery(db: Reader, tenantId: number, q: string, page: number) {
  return db
    .select({
      id: directoryUsers.id,
      displayName: directoryUsers.displayName,
      upn: directoryUsers.upn,
      isEnabled: directoryUsers.isEnabled,
      exchangeKind: exchangeRecipients.kind,
      isLicensed: exchangeRecipients.isLicensed,
    })
    .from(directoryUsers)
    .leftJoin(exchangeRecipients, eq(exchangeRecipients.address, directoryUsers.upn))
    .where(searchFilter(tenantId, q))
    .orderBy(asc(directoryUsers.displayName), asc(directoryUsers.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
}

function searchFilter(tenantId: number, q: string) {
  const inTenant = eq(directoryUsers.tenantId, tenantId);
  if (!q) return inTenant;
  const pattern = containsPattern(q);
  return and(inTenant, or(likeAnyCase(directoryUsers.displayName, pattern), likeAnyCase(directoryUsers.upn, pattern)));
}

async function rolesOf(db: Reader, userIds: number[]): Promise<Map<number, TenantRole[]>> {
  const map = new Map<number, TenantRole[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .select()
    .from(tenantRoleAssignments)
    .where(inArray(tenantRoleAssignments.directoryUserId, userIds));
  for (const r of rows) map.set(r.directoryUserId, [...(map.get(r.directoryUserId) ?? []), r.role]);
  for (const [id, roles] of map) map.set(id, byCatalogOrder(roles));
  return map;
}

export async function listDirectoryUsers(db: Db, directory: TenantDirectory, input: { q: string; page: number }) {
  const { tenantId } = directory;
  const q = input.q.trim();
  const total =
    (await first(db.select({ n: count() }).from(directoryUsers).where(searchFilter(tenantId, q)).limit(1)))?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (an old link, fewer matches now) shows the last page rather than nothing.
  const page = Math.min(Math.max(1, input.page), pageCount);
  const rows = await directoryUsersPageQuery(db, tenantId, q, page);
  const roles = await rolesOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    page,
    pageCount,
    rows: rows.map(({ exchangeKind, isLicensed, ...r }) => ({
      ...r,
      tenantRoles: roles.get(r.id) ?? [],
      exchange: facts(exchangeKind, isLicensed),
    })),
  };
}

export async function countEnabledGlobalAdmins(db: Reader, tenantId: number): Promise<number> {
  return (
    (
      await first(
        db
          .select({ n: count() })
          .from(tenantRoleAssignments)
          .innerJoin(directoryUsers, eq(directoryUsers.id, tenantRoleAssignments.directoryUserId))
          .where(
            and(
              eq(tenantRoleAssignments.role, "global_admin"),
              eq(directoryUsers.isEnabled, true),
              eq(directoryUsers.tenantId, tenantId),
            ),
          )
          .limit(1),
      )
    )?.n ?? 0
  );
}

/** A directory user of the actor's tenant with the facts the rules need, or null. */
export async function loadTarget(db: Reader, tenantId: number, id: number) {
  const user = await first(
    db
      .select({
        id: directoryUsers.id,
        upn: directoryUsers.upn,
        displayName: directoryUsers.displayName,
        isEnabled: directoryUsers.isEnabled,
        isBreakGlass: directoryUsers.isBreakGlass,
        passwordHash: directoryUsers.passwordHash,
        entraObjectId: directoryUsers.entraObjectId,
        version: directoryUsers.version,
        createdAt: directoryUsers.createdAt,
      })
      .from(directoryUsers)
      .where(and(eq(directoryUsers.id, id), eq(directoryUsers.tenantId, tenantId)))
      .limit(1),
  );
  if (!user) return null;
  const { passwordHash, entraObjectId, ...rest } = user;
  const recipient = await first(
    db.select().from(exchangeRecipients).where(eq(exchangeRecipients.address, user.upn)).limit(1),
  );
  return {
    ...rest,
    hasPassword: passwordHash !== null,
    isSsoLinked: entraObjectId !== null,
    tenantRoles: (await rolesOf(db, [id])).get(id) ?? [],
    exchange: facts(recipient?.kind ?? null, recipient?.isLicensed ?? null),
  };
}
export type Target = NonNullable<Awaited<ReturnType<typeof loadTarget>>>;

export async function getDirectoryUserDetail(db: Db, directory: TenantDirectory, id: number) {
  const { tenantId } = directory;
  const user = await loadTarget(db, tenantId, id);
  if (!user) return null;
  const memberships = await db
    .select({ id: environments.id, name: environments.name, isEnabled: environmentUsers.isEnabled })
    .from(environmentUsers)
    .innerJoin(environments, eq(environments.id, environmentUsers.environmentId))
    .where(eq(environmentUsers.directoryUserId, user.id))
    .orderBy(asc(environments.name));
  return { ...user, environments: memberships, enabledGlobalAdmins: await countEnabledGlobalAdmins(db, tenantId) };
}
export type DirectoryUserDetail = NonNullable<Awaited<ReturnType<typeof getDirectoryUserDetail>>>;
