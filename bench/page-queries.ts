import type { Db } from "@/db/client";
import { auditScope } from "@/lib/policy/audit-visibility";
import { loadActor } from "@/lib/services/identity/actor";
import {
  listAuditActions,
  listAuditEnvironments,
  listAuditTargetTypes,
  searchAuditEvents,
} from "@/lib/services/audit/search";
import { findTargetPlaces } from "@/lib/services/audit/target-links";
import {
  findEnvironmentPage,
  getEnvironmentOverview,
  getTenant,
  listVisibleEnvironments,
} from "@/lib/services/settings/environments";
import { listEnvironmentUsers } from "@/lib/services/directory/environment-users";
import { getApprovalSettings } from "@/lib/services/settings/email-settings";
import { listMailboxes, type Cursor, type MailboxSort, type MailboxView } from "@/lib/services/mailboxes/grid";
import { getPendingAges } from "@/lib/services/mailboxes/pending-age";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { countUnread } from "@/lib/services/notifications";
import { searchDelegationCandidates } from "@/lib/services/delegation/candidates";
import { EVERY_DELEGATION, listTenantDelegations } from "@/lib/services/delegation/delegation-list";
import { getTenantSettings } from "@/lib/services/settings/tenant-settings";
import { listVisibleJobs } from "@/lib/services/jobs/app-runner";
import type { DatasetFacts } from "./bench-db";
import { person } from "./dataset-people";

// "picker" and "delegations" have no HTTP page in the load test (the bench signs in as a delegate,
// who may not delegate): their SQL is timed as a Global Administrator's service calls. Nor have
// "pendingSince" (the Pending view sorted by Pending since, oldest first) and "overview" (the
// environment overview with its pending-age chart): their SQL is timed as the delegate's.
export const PAGE_KEYS = [
  "baseline",
  "mailboxes",
  "deep",
  "search",
  "pending",
  "users",
  "audit",
  "picker",
  "delegations",
  "pendingSince",
  "overview",
] as const;
/** The Delegate picker's search of the 100,000-user environment: one person's full email. */
export const PICKER_QUERY = person(54_321).upn;
export type PageKey = (typeof PAGE_KEYS)[number];

/**
 * The service calls one request of each benchmarked page makes, in the order the layout and the
 * page make them (read from app/(portal)/layout.tsx and each page.tsx). Every page includes the
 * shell's: the actor, the tenant, the visible environments and the bell's unread count.
 */
export function pageQueries(db: Db, facts: DatasetFacts): Record<PageKey, () => void> {
  const shell = () => {
    const actor = loadActor(db, facts.benchUserId)!;
    const now = new Date();
    getTenant(db);
    listVisibleEnvironments(db, actor, now);
    countUnread(db, actor);
    return { actor, now };
  };
  const environmentPage = <P extends "mailboxes" | "users">(page: P) => {
    const { actor, now } = shell();
    return { actor, now, environment: findEnvironmentPage(db, actor, facts.slug, page, now)! };
  };
  const mailboxes =
    (view: MailboxView, q: string, after: Cursor | null, sort: MailboxSort = "name") =>
    () => {
      const { actor, now, environment } = environmentPage("mailboxes");
      listMailboxes(db, {
        environmentId: environment.id,
        view,
        q,
        sort,
        dir: "asc",
        after,
        before: null,
        ownEnvironmentUserId: null,
        now,
      });
      getApprovalSettings(db, environment);
      listVisibleJobs(db, environment, {
        page: "mailboxes",
        startedById: actor.id,
        activeOrEndedSince: new Date(now.getTime() - 60 * 60 * 1000),
        limit: 3,
      });
    };
  const avaId = (
    db.$client.prepare("select id from directory_users where upn = 'ava@contoso.com'").get() as { id: number }
  ).id;
  const deep = JSON.parse(Buffer.from(facts.deepCursor, "base64url").toString()) as Cursor;
  return {
    baseline: () => void shell(),
    mailboxes: mailboxes("active", "", null),
    deep: mailboxes("active", "", deep),
    search: mailboxes("active", facts.searchQuery, null),
    pending: mailboxes("pending", "", null),
    pendingSince: mailboxes("pending", "", null, "pendingSince"),
    overview: () => {
      const { actor, now } = shell();
      const environment = findEnvironmentPage(db, actor, facts.slug, "overview", now)!;
      getEnvironmentOverview(db, environment, now);
      getPendingAges(db, environment, now);
    },
    users: () => {
      const { now, environment } = environmentPage("users");
      listEnvironmentUsers(db, environment, { q: "", roleId: null, sort: "name", dir: "asc", page: 1 }, now);
      loadEnvironmentRoles(db, environment.id);
      // "Add user" candidates are searched only once its panel opens (findAddableUsersAction).
    },
    // The picker's server action: the actor, then the search (issue 13: under 100 ms at 100,000 users).
    picker: () => {
      const ava = loadActor(db, avaId)!;
      searchDelegationCandidates(db, ava, { environmentId: facts.environmentId, q: PICKER_QUERY }, new Date());
    },
    delegations: () => {
      const ava = loadActor(db, avaId)!;
      const now = new Date();
      getTenant(db);
      listVisibleEnvironments(db, ava, now);
      listTenantDelegations(db, ava, EVERY_DELEGATION, now);
      getTenantSettings(db);
    },
    audit: () => {
      const { actor, now } = shell();
      const scope = auditScope(actor, now);
      listAuditEnvironments(db, scope);
      const page = searchAuditEvents(db, scope, { action: facts.auditAction }, {});
      findTargetPlaces(db, actor, now, page.rows);
      listAuditActions(db);
      listAuditTargetTypes(db);
    },
  };
}
