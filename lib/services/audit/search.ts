/**
 * Reading the audit log: one keyset page under the viewer's scope and filters, one event, the
 * export's stream, and the filter choices. Over 200 lines because page, event and export must apply
 * exactly the same scope and filter conditions, built once below.
 */
import "server-only";
import { NOTHING, equalsWalked, hasPrefix, likeAnyCase, unindexed, walkFirst } from "@/db/sql";
import { first, rawRows } from "@/db/query";
import { and, asc, desc, eq, type Column, gt, gte, inArray, lt, max, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, directoryUsers, environments } from "@/db/schema";
import {
  DELEGATION_ACTION_PREFIXES,
  DELEGATION_ACTIONS,
  MAILBOX_TARGET_TYPE,
  REVIEW_ACTION_PREFIX,
  type AuditScope,
} from "@/lib/policy/audit-visibility";
import { actionsMatching, REFUSED_ACTION_NAMES, targetTypesMatching } from "@/lib/policy/audit-names";

export type AuditFilters = {
  /** A UPN: exactly a directory user's UPN means that person (indexed); anything else matches part of the UPN recorded. */
  actor?: string;
  action?: string;
  /** Only refused attempts of privileged actions (lib/policy/audit-names.ts). */
  isRefused?: boolean;
  environmentId?: number;
  targetType?: string;
  /** One record (with targetType): a user's Activity, a mailbox's History. */
  targetId?: string | number;
  /** Part of the target's label as it was recorded. */
  target?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Free text: action (internal or friendly name), target type, actor UPN, target label, reason, before and after. */
  q?: string;
};

/** A keyset cursor: events older than `before`, or newer than `after`; neither is the newest page. */
export type AuditCursor = { before?: number; after?: number };

export type AuditEventRow = typeof auditEvents.$inferSelect;

export type AuditPage = { rows: AuditEventRow[]; olderCursor: number | null; newerCursor: number | null };

export const AUDIT_PAGE_SIZE = 50;

const e = auditEvents;

/**
 * The viewer's scope as SQL; an empty scope matches nothing rather than being dropped.
 * The Exchange part is written with unary `+` so SQLite cannot use an index for it: a multi-index
 * OR would collect and sort every delegation and mailbox event (seconds at a million), while
 * these events are common enough that walking seq downwards finds a page at once.
 *
 * `byFilter`: the viewer filtered by an indexed column (an action, an actor, one target), so
 * the environments are written with `+` too and SQLite walks that filter's index. Without it,
 * SQLite (no statistics) may walk the environment's index instead and read every newer event of
 * the environment until 50 match: after a bulk Test & Enable, the page "action = MailboxApproved"
 * read 110,000 MailboxTested rows first (69 ms of SQL instead of 0.3 ms; bench/README.md).
 */
function scopeCondition(scope: AuditScope, byFilter = false): SQL | undefined {
  if (scope.all) return undefined;
  const parts: SQL[] = [];
  if (scope.environmentIds.length)
    parts.push(
      byFilter
        ? sql`${unindexed(e.environmentId)} IN ${scope.environmentIds}`
        : inArray(e.environmentId, scope.environmentIds),
    );
  if (scope.exchangeScope) {
    // GLOB, unlike LIKE, is case-sensitive, as the policy's startsWith is.
    const delegation = or(
      ...DELEGATION_ACTION_PREFIXES.map((p) => hasPrefix(unindexed(e.action), p)),
      ...DELEGATION_ACTIONS.map((a) => sql`${unindexed(e.action)} = ${a}`),
      sql`${unindexed(e.targetType)} = ${MAILBOX_TARGET_TYPE}`,
    );
    parts.push(sql`(${unindexed(e.environmentId)} IS NOT NULL AND ${delegation})`);
    parts.push(hasPrefix(unindexed(e.action), REVIEW_ACTION_PREFIX));
  }
  return parts.length ? or(...parts) : NOTHING;
}

const contains = (column: Column, text: string) => likeAnyCase(column, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);

/**
 * The filters as SQL, whether one of them has an index of its own that starts with it, and that
 * index's columns the filter fixes to one value (in seq order within them).
 */
async function filterConditions(
  db: Db,
  f: AuditFilters,
): Promise<{ conditions: (SQL | undefined)[]; indexed: boolean; fixed: Column[] }> {
  const conditions: (SQL | undefined)[] = [];
  // A target type alone is no such filter: its index is ordered by seq only within one target.
  let indexed = !!f.action || !!f.isRefused || (!!f.targetType && f.targetId !== undefined);
  const fixed: Column[] = f.action
    ? [e.action]
    : f.targetType && f.targetId !== undefined
      ? [e.targetType, e.targetId]
      : [];
  if (f.actor) {
    const person = await first(
      db
        .select({ id: directoryUsers.id })
        .from(directoryUsers)
        .where(eq(directoryUsers.upn, f.actor.trim().toLowerCase()))
        .limit(1),
    );
    conditions.push(person ? equalsWalked(e.actorId, person.id) : contains(e.actorUpn, f.actor));
    indexed ||= !!person;
    if (person && !fixed.length) fixed.push(e.actorId);
  }
  if (f.action) conditions.push(equalsWalked(e.action, f.action));
  if (f.isRefused) conditions.push(inArray(e.action, REFUSED_ACTION_NAMES));
  if (f.environmentId !== undefined) conditions.push(eq(e.environmentId, f.environmentId));
  const oneTarget = f.targetId !== undefined;
  if (f.targetType)
    conditions.push(oneTarget ? equalsWalked(e.targetType, f.targetType) : eq(e.targetType, f.targetType));
  if (oneTarget) conditions.push(equalsWalked(e.targetId, String(f.targetId)));
  if (f.target) conditions.push(contains(e.targetLabel, f.target));
  if (f.q) {
    // "Approved" or "Email settings" find events by the names people read, not only the internal ones.
    const actions = actionsMatching(f.q, await listAuditActions(db));
    const targetTypes = targetTypesMatching(f.q, await listAuditTargetTypes(db));
    conditions.push(
      or(
        ...[e.action, e.actorUpn, e.targetLabel, e.reason, e.before, e.after].map((c) => contains(c, f.q!)),
        actions.length ? inArray(e.action, actions) : undefined,
        targetTypes.length ? inArray(e.targetType, targetTypes) : undefined,
      ),
    );
  }
  return { conditions, indexed, fixed };
}

/** Under this many events in range, the `at` index is always worth it. */
const NARROW_RANGE = 5_000;

/**
 * The date range, with a choice of access path (the conditions are the same either way). The `at`
 * index reads every event in the range and then sorts them by seq; walking seq downwards reads
 * the events above the range first, then stops at a page. Two index probes estimate both costs,
 * in events; `+at` keeps SQLite off the index when walking seq is cheaper.
 */
async function dateConditions(db: Db, f: AuditFilters, startSeq: number | undefined): Promise<(SQL | undefined)[]> {
  if (!f.from && !f.to) return [];
  const top =
    startSeq ??
    (
      await first(
        db
          .select({ seq: max(e.seq) })
          .from(e)
          .limit(1),
      )
    )?.seq ??
    0;
  const lo = f.from
    ? (await first(db.select({ seq: e.seq }).from(e).where(gte(e.at, f.from)).orderBy(asc(e.at)).limit(1)))?.seq
    : 0;
  const hi = f.to
    ? (await first(db.select({ seq: e.seq }).from(e).where(lt(e.at, f.to)).orderBy(desc(e.at)).limit(1)))?.seq
    : top;
  const viaIndex = lo === undefined || hi === undefined || hi - lo <= Math.max(top - hi, NARROW_RANGE);
  if (viaIndex) return [f.from && gte(e.at, f.from), f.to && lt(e.at, f.to)];
  return [
    f.from && sql`${unindexed(e.at)} >= ${sql.param(f.from, e.at)}`,
    f.to && sql`${unindexed(e.at)} < ${sql.param(f.to, e.at)}`,
  ];
}

async function where(db: Db, scope: AuditScope, filters: AuditFilters, cursor: AuditCursor, keyset?: SQL) {
  const { conditions, indexed, fixed } = await filterConditions(db, filters);
  return {
    where: and(
      scopeCondition(scope, indexed),
      ...conditions,
      ...(await dateConditions(db, filters, cursor.before)),
      keyset,
    ),
    fixed,
  };
}

/**
 * The statement behind a page: the cursor's side of it, seq descending (ascending going newer). Its
 * plan has a test. Wrapped, because a query returned from an async function would run.
 */
export async function auditPageQuery(
  db: Db,
  scope: AuditScope,
  filters: AuditFilters,
  cursor: AuditCursor,
  limit: number,
) {
  const newer = cursor.after !== undefined;
  const keyset = newer ? gt(e.seq, cursor.after!) : cursor.before !== undefined ? lt(e.seq, cursor.before) : undefined;
  const { where: condition, fixed } = await where(db, scope, filters, cursor, keyset);
  const direction = newer ? asc : desc;
  return {
    query: db
      .select()
      .from(e)
      .where(condition)
      .orderBy(...walkFirst(fixed).map((column) => direction(column as Column)), direction(e.seq))
      .limit(limit),
  };
}

/** One page (AUDIT_PAGE_SIZE rows unless said), newest first, by keyset on seq: as fast a million events deep as on the first page. */
export async function searchAuditEvents(
  db: Db,
  scope: AuditScope,
  filters: AuditFilters,
  cursor: AuditCursor = {},
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const found = await (await auditPageQuery(db, scope, filters, cursor, pageSize + 1)).query;
  if (cursor.after !== undefined) {
    const hasNewer = found.length > pageSize;
    const rows = found.slice(0, pageSize).reverse();
    return { rows, newerCursor: hasNewer ? rows[0]!.seq : null, olderCursor: rows.at(-1)?.seq ?? null };
  }
  const rows = found.slice(0, pageSize);
  const hasOlder = found.length > pageSize;
  // Coming from a newer page means there is one to go back to.
  return {
    rows,
    olderCursor: hasOlder ? rows.at(-1)!.seq : null,
    newerCursor: cursor.before !== undefined && rows.length ? rows[0]!.seq : null,
  };
}

/** One event, or null when it does not exist or is outside the viewer's scope (the same answer). */
export async function getAuditEvent(db: Db, scope: AuditScope, seq: number): Promise<AuditEventRow | null> {
  return (
    (await first(
      db
        .select()
        .from(e)
        .where(and(eq(e.seq, seq), scopeCondition(scope)))
        .limit(1),
    )) ?? null
  );
}

/** Rows per query of an export. */
const EXPORT_PAGE = 1_000;

/**
 * Every matching event, newest first, for export: the pages' own query (keyset on seq), a thousand
 * rows at a time, so a million events never sit in memory. Give it a snapshot (db/snapshot.ts): a
 * connection of its own in one read transaction, so the export is consistent while events are
 * appended, and an export that outlives many requests holds nothing the app's writes wait for.
 */
export async function* streamAuditEvents(
  db: Db,
  scope: AuditScope,
  filters: AuditFilters,
): AsyncGenerator<AuditEventRow, void, undefined> {
  let before: number | undefined;
  for (;;) {
    const rows = await (await auditPageQuery(db, scope, filters, { before }, EXPORT_PAGE)).query;
    yield* rows;
    if (rows.length < EXPORT_PAGE) return;
    before = rows.at(-1)!.seq;
  }
}

/**
 * The distinct values of an indexed column, for suggestions: skips through its index one value
 * at a time, where a plain DISTINCT would read every entry of it. Names only, no events: the
 * product's vocabulary is no secret.
 */
async function distinctValues(db: Db, column: "action" | "target_type"): Promise<string[]> {
  const found = await rawRows<{ value: string }>(
    db,
    sql.raw(
      `WITH RECURSIVE v(value) AS (
         SELECT MIN(${column}) FROM audit_events
         UNION ALL
         SELECT (SELECT MIN(${column}) FROM audit_events WHERE ${column} > v.value) FROM v WHERE v.value IS NOT NULL
       ) SELECT value FROM v WHERE value IS NOT NULL`,
    ),
  );
  return found.map((row) => row.value);
}

export const listAuditActions = (db: Db) => distinctValues(db, "action");
export const listAuditTargetTypes = (db: Db) => distinctValues(db, "target_type");

/** The environments a viewer may filter by: every one for tenant-wide views, else their own. */
export async function listAuditEnvironments(db: Db, scope: AuditScope): Promise<{ id: number; name: string }[]> {
  const all = await db
    .select({ id: environments.id, name: environments.name })
    .from(environments)
    .orderBy(asc(environments.name));
  return scope.all || scope.exchangeScope ? all : all.filter((env) => scope.environmentIds.includes(env.id));
}
