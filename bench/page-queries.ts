import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { first } from "@/db/query";
import { directoryUsers } from "@/db/schema";
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
export function pageQueries(db: Db, facts: DatasetFacts): Record<PageKey, () => Promise<void>> {
  const shell = async () => {
    const actor = (await loadActor(db, facts.benchUserId))!;
    const now = new Date();
    await getTenant(db);
    await listVisibleEnvironments(db, actor, now);
    await countUnread(db, actor);
    return { actor, now };
  };
  const environmentPage = async <P extends "mailboxes" | "users">(page: P) => {
    const { actor, now } = await shell();
    return { actor, now, environment: (await findEnvironmentPage(db, actor, facts.slug, page, now))! };
  };
  const mailboxes =
    (view: MailboxView, q: string, after: Cursor | null, sort: MailboxSort = "name") =>
    async () => {
      const { actor, now, environment } = await environmentPage("mailboxes");
      await listMailboxes(db, {
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
      await getApprovalSettings(db, environment);
      await listVisibleJobs(db, environment, {
        page: "mailboxes",
        startedById: actor.id,
        activeOrEndedSince: new Date(now.getTime() - 60 * 60 * 1000),
        limit: 3,
      });
    };
  // Read once, on first use (either dialect: no driver's own methods here).
  let avaId: number | undefined;
  const ava = async () => {
    avaId ??= (await first(
      db.select({ id: directoryUsers.id }).from(directoryUsers).where(eq(directoryUsers.upn, "ava@contoso.com")),
    ))!.id;
    return (await loadActor(db, avaId))!;
  };
  const deep = JSON.parse(Buffer.from(facts.deepCursor, "base64url").toString()) as Cursor;
  return {
    baseline: async () => void (await shell()),
    mailboxes: mailboxes("active", "", null),
    deep: mailboxes("active", "", deep),
    search: mailboxes("active", facts.searchQuery, null),
    pending: mailboxes("pending", "", null),
    pendingSince: mailboxes("pending", "", null, "pendingSince"),
    overview: async () => {
      const { actor, now } = await shell();
      const environment = (await findEnvironmentPage(db, actor, facts.slug, "overview", now))!;
      await getEnvironmentOverview(db, environment, now);
      await getPendingAges(db, environment, now);
    },
    users: async () => {
      const { now, environment } = await environmentPage("users");
      await listEnvironmentUsers(db, environment, { q: "", roleId: null, sort: "name", dir: "asc", page: 1 }, now);
      await loadEnvironmentRoles(db, environment.id);
      // "Add user" candidates are searched only once its panel opens (findAddableUsersAction).
    },
    // The picker's server action: the actor, then the search (issue 13: under 100 ms at 100,000 users).
    picker: async () => {
      await searchDelegationCandidates(
        db,
        await ava(),
        { environmentId: facts.environmentId, q: PICKER_QUERY },
        new Date(),
      );
    },
    delegations: async () => {
      const actor = await ava();
      const now = new Date();
      await getTenant(db);
      await listVisibleEnvironments(db, actor, now);
      await listTenantDelegations(db, actor, EVERY_DELEGATION, now);
      await getTenantSettings(db);
    },
    audit: async () => {
      const { actor, now } = await shell();
      const scope = auditScope(actor, now);
      await listAuditEnvironments(db, scope);
      const page = await searchAuditEvents(db, scope, { action: facts.auditAction }, {});
      await findTargetPlaces(db, actor, now, page.rows);
      await listAuditActions(db);
      await listAuditTargetTypes(db);
    },
  };
}
