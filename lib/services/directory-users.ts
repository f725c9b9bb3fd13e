import { and, asc, count, eq, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { directoryUsers, environments, environmentUsers, exchangeRecipients, tenantRoleAssignments } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { decideViewTenantUsers } from "@/lib/policy/access";
import type { Actor } from "@/lib/policy/actor";
import { TENANT_ROLE_KEYS, type TenantRole } from "@/lib/policy/catalog";
import type { Decision } from "@/lib/policy/decision";
import {
  decideCreateDirectoryUser,
  decideEditExchangeFacts,
  decideManageTenantRoles,
  decideSetUserEnabled,
  type DirectoryUserFacts,
} from "@/lib/policy/tenant-admin";
import { appendAuditEvent, changedFields, type RequestOrigin } from "./audit-log";
import { invalidInput, NOT_FOUND_RESULT, refusal, staleVersion, type ServiceResult } from "./result";

/** The tenant admin area: directory users, their tenant roles and their Exchange facts. */

export const PAGE_SIZE = 50;

export type ExchangeKind = "user" | "shared" | "none";
export type ExchangeFacts = { kind: ExchangeKind; isLicensed: boolean };

type Who = { actor: Actor; origin: RequestOrigin; now?: Date };
type Change = { before?: Record<string, unknown>; after?: Record<string, unknown> };

const auditBase = (who: Who, target: { id: number; upn: string }, at: Date) => ({
  actor: { id: who.actor.id, upn: who.actor.upn },
  target: { type: "directoryUser", id: target.id, label: target.upn },
  origin: who.origin,
  at,
});
type Reader = Db | Tx;

const facts = (kind: string | null, isLicensed: boolean | null): ExchangeFacts =>
  kind === "user" || kind === "shared" ? { kind, isLicensed: isLicensed ?? false } : { kind: "none", isLicensed: false };
const byCatalogOrder = (roles: TenantRole[]) => TENANT_ROLE_KEYS.filter((r) => roles.includes(r));

/** The actor's own tenant: every read and write is scoped to it. */
function tenantIdOf(db: Reader, actor: Actor): number {
  const row = db.select({ tenantId: directoryUsers.tenantId }).from(directoryUsers).where(eq(directoryUsers.id, actor.id)).get();
  if (!row) throw new Error(`Actor ${actor.id} has no directory user`);
  return row.tenantId;
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
  return and(
    inTenant,
    or(sql`${directoryUsers.displayName} like ${pattern} escape '\\'`, sql`${directoryUsers.upn} like ${pattern} escape '\\'`),
  );
}

function rolesOf(db: Reader, userIds: number[]): Map<number, TenantRole[]> {
  const map = new Map<number, TenantRole[]>();
  if (userIds.length === 0) return map;
  const rows = db.select().from(tenantRoleAssignments).where(inArray(tenantRoleAssignments.directoryUserId, userIds)).all();
  for (const r of rows) map.set(r.directoryUserId, [...(map.get(r.directoryUserId) ?? []), r.role]);
  for (const [id, roles] of map) map.set(id, byCatalogOrder(roles));
  return map;
}

export function listDirectoryUsers(db: Db, input: { actor: Actor; q: string; page: number }) {
  const tenantId = tenantIdOf(db, input.actor);
  const q = input.q.trim();
  const total = db.select({ n: count() }).from(directoryUsers).where(searchFilter(tenantId, q)).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (an old link, fewer matches now) shows the last page rather than nothing.
  const page = Math.min(Math.max(1, input.page), pageCount);
  const rows = directoryUsersPageQuery(db, tenantId, q, page).all();
  const roles = rolesOf(db, rows.map((r) => r.id));
  return {
    total,
    page,
    pageCount,
    rows: rows.map(({ exchangeKind, isLicensed, ...r }) => ({ ...r, tenantRoles: roles.get(r.id) ?? [], exchange: facts(exchangeKind, isLicensed) })),
  };
}

function countEnabledGlobalAdmins(db: Reader, tenantId: number): number {
  return (
    db
      .select({ n: count() })
      .from(tenantRoleAssignments)
      .innerJoin(directoryUsers, eq(directoryUsers.id, tenantRoleAssignments.directoryUserId))
      .where(and(eq(tenantRoleAssignments.role, "global_admin"), eq(directoryUsers.isEnabled, true), eq(directoryUsers.tenantId, tenantId)))
      .get()?.n ?? 0
  );
}

/** A directory user of the actor's tenant with the facts the rules need, or null. */
function loadTarget(db: Reader, tenantId: number, id: number) {
  const user = db
    .select({ id: directoryUsers.id, upn: directoryUsers.upn, displayName: directoryUsers.displayName, isEnabled: directoryUsers.isEnabled, version: directoryUsers.version, createdAt: directoryUsers.createdAt })
    .from(directoryUsers)
    .where(and(eq(directoryUsers.id, id), eq(directoryUsers.tenantId, tenantId)))
    .get();
  if (!user) return null;
  const recipient = db.select().from(exchangeRecipients).where(eq(exchangeRecipients.address, user.upn)).get();
  return { ...user, tenantRoles: rolesOf(db, [id]).get(id) ?? [], exchange: facts(recipient?.kind ?? null, recipient?.isLicensed ?? null) };
}
type Target = NonNullable<ReturnType<typeof loadTarget>>;

export function getDirectoryUserDetail(db: Db, input: { actor: Actor; id: number }) {
  const tenantId = tenantIdOf(db, input.actor);
  const user = loadTarget(db, tenantId, input.id);
  if (!user) return null;
  const memberships = db
    .select({ id: environments.id, name: environments.name, isEnabled: environmentUsers.isEnabled })
    .from(environmentUsers)
    .innerJoin(environments, eq(environments.id, environmentUsers.environmentId))
    .where(eq(environmentUsers.directoryUserId, user.id))
    .orderBy(asc(environments.name))
    .all();
  return { ...user, environments: memberships, enabledGlobalAdmins: countEnabledGlobalAdmins(db, tenantId) };
}
export type DirectoryUserDetail = NonNullable<ReturnType<typeof getDirectoryUserDetail>>;

/**
 * The shape of every change to an existing user, in one immediate transaction: the target must
 * be visible, the rule must allow the change on facts read inside the transaction (so two admins
 * cannot each remove "the other" last Global Administrator), and the form's version must be current.
 */
function changeUser(
  db: Db,
  who: Who,
  ref: { userId: number; version: number },
  decide: (target: DirectoryUserFacts, enabledGlobalAdmins: number) => Decision,
  write: (tx: Tx, target: Target, audit: (action: string, change: Change) => void) => boolean,
  doneMessage: string,
): ServiceResult {
  const at = who.now ?? new Date();
  return db.transaction(
    (tx): ServiceResult => {
      if (!decideViewTenantUsers(who.actor).allowed) return NOT_FOUND_RESULT;
      const tenantId = tenantIdOf(tx, who.actor);
      const target = loadTarget(tx, tenantId, ref.userId);
      if (!target) return NOT_FOUND_RESULT;
      const decision = decide(target, countEnabledGlobalAdmins(tx, tenantId));
      if (!decision.allowed) return refusal(decision);
      if (ref.version !== target.version) return staleVersion("user");
      const audit = (action: string, change: Change) => appendAuditEvent(tx, { action, ...auditBase(who, target, at), ...change });
      const isChanged = write(tx, target, audit);
      if (!isChanged) return { ok: true, message: "Nothing to change." };
      tx.update(directoryUsers).set({ version: sql`${directoryUsers.version} + 1` }).where(eq(directoryUsers.id, target.id)).run();
      return { ok: true, message: doneMessage };
    },
    { behavior: "immediate" },
  );
}

export function setDirectoryUserEnabled(db: Db, input: Who & { userId: number; version: number; isEnabled: boolean }): ServiceResult {
  return changeUser(
    db,
    input,
    input,
    (target, enabledGlobalAdmins) => decideSetUserEnabled(input.actor, { target, isEnabled: input.isEnabled, enabledGlobalAdmins }),
    (tx, target, audit) => {
      if (target.isEnabled === input.isEnabled) return false;
      tx.update(directoryUsers).set({ isEnabled: input.isEnabled }).where(eq(directoryUsers.id, target.id)).run();
      audit(input.isEnabled ? "UserEnabled" : "UserDisabled", changedFields({ isEnabled: target.isEnabled }, { isEnabled: input.isEnabled }));
      return true;
    },
    input.isEnabled ? "User enabled." : "User disabled.",
  );
}

/** Replaces the user's set of tenant roles; one audit event per role added or removed. */
export function saveTenantRoles(db: Db, input: Who & { userId: number; version: number; roles: TenantRole[] }): ServiceResult {
  const nextRoles = byCatalogOrder(input.roles);
  return changeUser(
    db,
    input,
    input,
    (target, enabledGlobalAdmins) => decideManageTenantRoles(input.actor, { target, nextRoles, enabledGlobalAdmins }),
    (tx, target, audit) => {
      const added = nextRoles.filter((r) => !target.tenantRoles.includes(r));
      const removed = target.tenantRoles.filter((r) => !nextRoles.includes(r));
      for (const role of removed) {
        tx.delete(tenantRoleAssignments).where(and(eq(tenantRoleAssignments.directoryUserId, target.id), eq(tenantRoleAssignments.role, role))).run();
        audit("TenantRoleRemoved", { before: { role } });
      }
      for (const role of added) {
        tx.insert(tenantRoleAssignments).values({ directoryUserId: target.id, role, assignedById: input.actor.id, assignedAt: input.now ?? new Date() }).run();
        audit("TenantRoleAssigned", { after: { role } });
      }
      return added.length + removed.length > 0;
    },
    "Roles saved.",
  );
}

export function setExchangeFacts(db: Db, input: Who & { userId: number; version: number; exchange: ExchangeFacts }): ServiceResult {
  // "No mailbox" has no licence to speak of.
  const next: ExchangeFacts = input.exchange.kind === "none" ? { kind: "none", isLicensed: false } : input.exchange;
  return changeUser(
    db,
    input,
    input,
    () => decideEditExchangeFacts(input.actor),
    (tx, target, audit) => {
      const change = changedFields(target.exchange, next);
      if (Object.keys(change.after).length === 0) return false;
      if (next.kind === "none") {
        tx.delete(exchangeRecipients).where(eq(exchangeRecipients.address, target.upn)).run();
      } else {
        const values = { kind: next.kind, isLicensed: next.isLicensed };
        const tenantId = tenantIdOf(tx, input.actor);
        tx.insert(exchangeRecipients).values({ tenantId, address: target.upn, ...values }).onConflictDoUpdate({ target: exchangeRecipients.address, set: values }).run();
      }
      audit("ExchangeFactsChanged", change);
      return true;
    },
    "Exchange facts saved.",
  );
}

/** Creates a directory user (and their licensed Exchange mailbox when asked for). Never audits the password. */
export async function createDirectoryUser(
  db: Db,
  input: Who & { displayName: string; upn: string; password: string; hasLicensedMailbox: boolean },
): Promise<ServiceResult<{ userId: number }>> {
  const decision = decideCreateDirectoryUser(input.actor);
  if (!decision.allowed) return refusal(decision);
  const upn = input.upn.trim().toLowerCase();
  const displayName = input.displayName.trim();
  const at = input.now ?? new Date();
  // Hashing takes ~20 ms off the event loop: do it before the write lock is taken.
  const passwordHash = await hashPassword(input.password);

  return db.transaction(
    (tx): ServiceResult<{ userId: number }> => {
      if (tx.select({ id: directoryUsers.id }).from(directoryUsers).where(eq(directoryUsers.upn, upn)).get()) {
        return invalidInput("upn", "A user with this user principal name already exists.");
      }
      if (input.hasLicensedMailbox && tx.select({ id: exchangeRecipients.id }).from(exchangeRecipients).where(eq(exchangeRecipients.address, upn)).get()) {
        return invalidInput("upn", "Exchange already has a mailbox at this address.");
      }
      const tenantId = tenantIdOf(tx, input.actor);
      const user = tx
        .insert(directoryUsers)
        .values({ tenantId, upn, displayName, passwordHash, isEnabled: true, createdAt: at })
        .returning({ id: directoryUsers.id })
        .get();
      const exchange: ExchangeFacts = input.hasLicensedMailbox ? { kind: "user", isLicensed: true } : { kind: "none", isLicensed: false };
      if (input.hasLicensedMailbox) tx.insert(exchangeRecipients).values({ tenantId, address: upn, kind: "user", isLicensed: true }).run();
      appendAuditEvent(tx, {
        action: "UserCreated",
        ...auditBase(input, { id: user.id, upn }, at),
        after: { upn, displayName, isEnabled: true, exchangeKind: exchange.kind, isLicensed: exchange.isLicensed },
      });
      return { ok: true, message: "User created.", userId: user.id };
    },
    { behavior: "immediate" },
  );
}
