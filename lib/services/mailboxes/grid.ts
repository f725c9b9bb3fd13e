/**
 * The mailboxes grid's read: views, search, sort and a keyset page over up to a million mailboxes,
 * with counts from mailbox_counts. Over 200 lines because filter, order, cursor and count must agree
 * for every view, and are built together here.
 */
import "server-only";
import { EPOCH, instant, unindexed } from "@/db/sql";
import { prepare } from "@/db/query";
import { and, asc, count, desc, eq, sql, type Placeholder, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "@/db/client";
import { mailboxes, serverProfiles } from "@/db/schema";
import { EmailStatus, TestStatus } from "@/lib/policy/catalog";
import { preparedForShape } from "../prepared";
import { COUNT_CAP, COUNTED_VIEWS, countView, type CountedView } from "./counts";
import { isAwaitingApproval, pendingAgeFilter, type PendingAge } from "./pending-age";
import { resolveMailboxSearch, searchFilter, searchValues, type MailboxSearch } from "./search";

export const MAILBOX_VIEWS = [...COUNTED_VIEWS, "mine"] as const;
export type MailboxView = (typeof MAILBOX_VIEWS)[number];
export const MAILBOX_SORTS = [
  "name",
  "email",
  "regarding",
  "status",
  "incoming",
  "outgoing",
  "act",
  "profile",
  "approvedBy",
  "lastTested",
  "pendingSince",
] as const;
export type MailboxSort = (typeof MAILBOX_SORTS)[number];
export const MAILBOX_PAGE_SIZE = 50;

export type MailboxQuery = {
  environmentId: number;
  view: MailboxView;
  q: string;
  sort: MailboxSort;
  dir: "asc" | "desc";
  /** Keyset cursor: rows after (or, with `before`, before) this [sort value, id]. */
  after: Cursor | null;
  before: Cursor | null;
  /** The actor's environment user, for "My mailbox". */
  ownEnvironmentUserId: number | null;
  /** Rows a page: the grid's MAILBOX_PAGE_SIZE unless said (the REST API takes up to 500). */
  limit?: number;
  /** The Pending view only: mailboxes pending for this long (the overview's chart links here)… */
  age?: PendingAge | null;
  /** …or those a digest told approvers about (its link). */
  digestId?: number | null;
  /** The moment ages are measured from. */
  now?: Date;
};
export type Cursor = [string | number, number];

// Nullable columns sort as if empty, the same in ORDER BY and in the keyset comparison.
const SORT_COLUMNS: Record<MailboxSort, SQLWrapper> = {
  name: mailboxes.name,
  email: mailboxes.emailAddress,
  regarding: mailboxes.regardingType,
  status: mailboxes.emailStatus,
  incoming: mailboxes.incomingStatus,
  outgoing: mailboxes.outgoingStatus,
  act: mailboxes.actStatus,
  profile: sql`coalesce(${serverProfiles.name}, '')`,
  approvedBy: sql`coalesce(${mailboxes.approvedByName}, '')`,
  lastTested: sql`coalesce(${mailboxes.testCompletedOn}, ${EPOCH})`,
  // Raw, so the partial index of pending mailboxes serves the order; every pending mailbox has one.
  pendingSince: mailboxes.pendingSince,
};

/** A value, or the placeholder a prepared statement binds it to. */
type Bound = number | Placeholder;

/**
 * The view's and search's filter: every view starts with the environment and is_active (indexed).
 * A search's fragment and index hits are placeholders (searchValues binds them).
 */
export function mailboxFilter(
  query: Pick<MailboxQuery, "view" | "age" | "digestId" | "now"> & {
    environmentId: Bound;
    ownEnvironmentUserId: Bound | null;
  },
  search: Pick<MailboxSearch, "kind">,
): SQL {
  // With index hits, "+" hides environment_id from the planner (the approvals' trick): SQLite then
  // fetches the hits by id and sorts them, instead of walking the environment's whole sorted
  // index testing each row against the list (figures: bench/README.md, "Why the code is as it is").
  const inEnvironment =
    search.kind === "hits"
      ? sql`${unindexed(mailboxes.environmentId)} = ${query.environmentId}`
      : eq(mailboxes.environmentId, query.environmentId);
  const where: SQL[] = [inEnvironment];
  const active = eq(mailboxes.isActive, true);
  switch (query.view) {
    case "active":
      where.push(active);
      break;
    case "pending":
      // Empty or Pending Approval, written as the partial index of pending mailboxes is.
      where.push(active, isAwaitingApproval);
      if (query.age) where.push(pendingAgeFilter(query.age, query.now ?? new Date()));
      if (query.digestId)
        where.push(
          sql`${mailboxes.id} in (select mailbox_id from approval_digest_items where digest_id = ${query.digestId})`,
        );
      break;
    case "approved":
      where.push(active, eq(mailboxes.emailStatus, EmailStatus.Approved));
      break;
    case "rejected":
      where.push(active, eq(mailboxes.emailStatus, EmailStatus.Rejected));
      break;
    case "test-failures":
      where.push(active, eq(mailboxes.mailboxStatus, TestStatus.Failure));
      break;
    case "inactive":
      where.push(eq(mailboxes.isActive, false));
      break;
    case "mine":
      where.push(eq(mailboxes.regardingUserId, query.ownEnvironmentUserId ?? -1));
      break;
  }
  if (search.kind !== "none")
    where.push(
      ...searchFilter(search.kind, { isAddressIndexed: query.view === "active" || query.view === "inactive" }),
    );
  return and(...where)!;
}

const ROW = {
  id: mailboxes.id,
  name: mailboxes.name,
  emailAddress: mailboxes.emailAddress,
  regardingType: mailboxes.regardingType,
  regardingUserId: mailboxes.regardingUserId,
  emailStatus: mailboxes.emailStatus,
  incomingStatus: mailboxes.incomingStatus,
  outgoingStatus: mailboxes.outgoingStatus,
  actStatus: mailboxes.actStatus,
  serverProfileName: serverProfiles.name,
  approvedByName: mailboxes.approvedByName,
  testCompletedOn: mailboxes.testCompletedOn,
  pendingSince: mailboxes.pendingSince,
  isActive: mailboxes.isActive,
  version: mailboxes.version,
};
export type MailboxGridRow = {
  id: number;
  name: string;
  emailAddress: string;
  regardingType: "user" | "queue";
  regardingUserId: number | null;
  emailStatus: EmailStatus;
  incomingStatus: TestStatus;
  outgoingStatus: TestStatus;
  actStatus: TestStatus;
  serverProfileName: string | null;
  approvedByName: string | null;
  testCompletedOn: Date | null;
  pendingSince: Date | null;
  isActive: boolean;
  version: number;
};

/** A cursor's value as its column holds it: the instant columns' epoch milliseconds are timestamps on PostgreSQL. */
function cursorValue(sort: MailboxSort, value: Cursor[0]): Cursor[0] | Date {
  return (sort === "lastTested" || sort === "pendingSince") && typeof value === "number"
    ? instant(new Date(value))
    : value;
}

export function cursorOf(row: MailboxGridRow, sort: MailboxSort): Cursor {
  const value: Record<MailboxSort, string | number> = {
    name: row.name,
    email: row.emailAddress,
    regarding: row.regardingType,
    status: row.emailStatus,
    incoming: row.incomingStatus,
    outgoing: row.outgoingStatus,
    act: row.actStatus,
    profile: row.serverProfileName ?? "",
    approvedBy: row.approvedByName ?? "",
    lastTested: row.testCompletedOn?.getTime() ?? 0,
    pendingSince: row.pendingSince?.getTime() ?? 0,
  };
  return [value[sort], row.id];
}

// A page's statement binds these, so one prepared statement serves every page of a view's shape.
const PAGE = {
  environmentId: sql.placeholder("environmentId"),
  own: sql.placeholder("own"),
  value: sql.placeholder("value"),
  id: sql.placeholder("id"),
  limit: sql.placeholder("limit"),
};

/** The age and digest filters narrow the Pending view (their SQL holds moments and ids: never kept). */
const isNarrowed = (query: Pick<MailboxQuery, "view" | "age" | "digestId">) =>
  query.view === "pending" && Boolean(query.age || query.digestId);

/** The view's and search's filter with its values as placeholders (pageValues binds them). */
const boundFilter = (query: Parameters<typeof mailboxFilter>[0], search: MailboxSearch) =>
  mailboxFilter({ ...query, environmentId: PAGE.environmentId, ownEnvironmentUserId: PAGE.own }, search);

function pageValues(query: Pick<MailboxQuery, "environmentId" | "ownEnvironmentUserId">, search: MailboxSearch) {
  return { environmentId: query.environmentId, own: query.ownEnvironmentUserId ?? -1, ...searchValues(search) };
}

function pageStatement(db: Db, query: MailboxQuery, search: MailboxSearch, ascending: boolean, hasCursor: boolean) {
  const column = SORT_COLUMNS[query.sort];
  const where = [boundFilter(query, search)];
  // A row value, so SQLite seeks straight to the cursor in the (…, name, id) index instead of
  // walking every entry before it (figures: bench/README.md, "Why the code is as it is").
  if (hasCursor)
    where.push(
      ascending
        ? sql`(${column}, ${mailboxes.id}) > (${PAGE.value}, ${PAGE.id})`
        : sql`(${column}, ${mailboxes.id}) < (${PAGE.value}, ${PAGE.id})`,
    );
  const order = ascending ? asc : desc;
  return prepare(
    db
      .select(ROW)
      .from(mailboxes)
      .leftJoin(serverProfiles, eq(serverProfiles.id, mailboxes.serverProfileId))
      .where(and(...where))
      .orderBy(order(column), order(mailboxes.id))
      .limit(PAGE.limit),
  );
}

/**
 * One page of a view, by keyset on (sort column, id): the same cost on the first page and the thousandth.
 * Unless the Pending view's age or digest narrows it, the statement is prepared once per view, search
 * kind, order and direction and kept: building it with Drizzle and preparing it cost more than
 * running it (issue 20).
 */
export async function listMailboxes(
  db: Db,
  query: MailboxQuery,
): Promise<{ rows: MailboxGridRow[]; total: number; isTotalCapped: boolean; hasNext: boolean; hasPrevious: boolean }> {
  const pageSize = query.limit ?? MAILBOX_PAGE_SIZE;
  const backwards = query.before !== null;
  const ascending = (query.dir === "asc") !== backwards;
  const cursor = query.before ?? query.after;
  const search = await resolveMailboxSearch(db, query.environmentId, query.q);
  const prepare = () => pageStatement(db, query, search, ascending, cursor !== null);
  const statement = isNarrowed(query)
    ? prepare()
    : preparedForShape(
        db,
        `mailbox-page:${query.view}:${search.kind}:${query.sort}:${ascending}:${cursor !== null}`,
        prepare,
      );
  const values = pageValues(query, search);
  const fetched: MailboxGridRow[] = await statement.all({
    ...values,
    value: cursor ? cursorValue(query.sort, cursor[0]) : null,
    id: cursor?.[1] ?? null,
    limit: pageSize + 1,
  });
  const hasMore = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  const rows = backwards ? page.reverse() : page;
  const { total, isTotalCapped } = isCounted(query, search)
    ? { total: await countView(db, query.environmentId, query.view as CountedView), isTotalCapped: false }
    : // A first page that holds every match has counted them already.
      cursor === null && !hasMore
      ? { total: fetched.length, isTotalCapped: false }
      : await countMatching(db, query, search, values);
  return {
    rows,
    total,
    isTotalCapped,
    hasNext: backwards ? true : hasMore,
    hasPrevious: backwards ? hasMore : cursor !== null,
  };
}

/** A view without a search, "My mailbox" or the Pending view's filters: the maintained counts answer. */
const isCounted = (query: MailboxQuery, search: MailboxSearch) =>
  search.kind === "none" && query.view !== "mine" && !isNarrowed(query);

/**
 * With a search, "My mailbox" or the Pending view's filters: the matches counted, at most COUNT_CAP
 * of them (then `isTotalCapped`: the grid says "10,000+"); prepared once per view and search kind.
 */
async function countMatching(
  db: Db,
  query: MailboxQuery,
  search: MailboxSearch,
  values: ReturnType<typeof pageValues>,
): Promise<{ total: number; isTotalCapped: boolean }> {
  const prepareCount = () => {
    const matches = db
      .select({ id: mailboxes.id })
      .from(mailboxes)
      .where(boundFilter(query, search))
      .limit(COUNT_CAP + 1)
      .as("matches");
    return prepare(db.select({ n: count() }).from(matches));
  };
  const statement = isNarrowed(query)
    ? prepareCount()
    : preparedForShape(db, `mailbox-matches:${query.view}:${search.kind}`, prepareCount);
  const n = (await statement.get(values))?.n ?? 0;
  return n > COUNT_CAP ? { total: COUNT_CAP, isTotalCapped: true } : { total: n, isTotalCapped: false };
}

/** Every id matching a view and search ("select all N matching"), in grid order. */
export async function listMatchingMailboxIds(
  db: Db,
  query: Pick<MailboxQuery, "environmentId" | "view" | "q" | "ownEnvironmentUserId" | "age" | "digestId" | "now">,
): Promise<number[]> {
  const search = await resolveMailboxSearch(db, query.environmentId, query.q);
  return (
    await prepare(
      db
        .select({ id: mailboxes.id })
        .from(mailboxes)
        .where(boundFilter(query, search))
        .orderBy(asc(mailboxes.name), asc(mailboxes.id)),
    ).all(pageValues(query, search))
  ).map((r) => r.id);
}
