import type { Db } from "@/db/client";
import { auditScope } from "@/lib/policy/audit-visibility";
import { loadActor } from "@/lib/services/identity/actor";
import {
  listAuditActions,
  listAuditEnvironments,
  listAuditTargetTypes,
  searchAuditEvents,
} from "@/lib/services/audit/search";
import { auditExpiredAssignments } from "@/lib/services/delegation/delegations";
import { findEnvironmentPage, getTenant, listVisibleEnvironments } from "@/lib/services/settings/environments";
import { listEnvironmentUsers } from "@/lib/services/directory/environment-users";
import { getApprovalSettings } from "@/lib/services/mailboxes/details";
import { listMailboxes, type Cursor, type MailboxView } from "@/lib/services/mailboxes/grid";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { jobKindsOf, listJobs } from "@/lib/services/jobs/registry";
import type { DatasetFacts } from "./bench-db";

export const PAGE_KEYS = ["baseline", "mailboxes", "deep", "search", "pending", "users", "audit"] as const;
export type PageKey = (typeof PAGE_KEYS)[number];

/**
 * The service calls one request of each benchmarked page makes, in the order the layout and the
 * page make them (read from app/(portal)/layout.tsx and each page.tsx). Every page includes the
 * shell's: the actor, the tenant and the visible environments.
 */
export function pageQueries(db: Db, facts: DatasetFacts): Record<PageKey, () => void> {
  const shell = () => {
    const actor = loadActor(db, facts.benchUserId)!;
    const now = new Date();
    getTenant(db);
    listVisibleEnvironments(db, actor, now);
    return { actor, now };
  };
  const environmentPage = (page: "mailboxes" | "users") => {
    const { actor, now } = shell();
    return { actor, now, environment: findEnvironmentPage(db, actor, facts.slug, page, now)! };
  };
  const mailboxes = (view: MailboxView, q: string, after: Cursor | null) => () => {
    const { actor, now, environment } = environmentPage("mailboxes");
    listMailboxes(db, {
      environmentId: environment.id,
      view,
      q,
      sort: "name",
      dir: "asc",
      after,
      before: null,
      ownEnvironmentUserId: null,
    });
    getApprovalSettings(db, environment.id);
    listJobs(db, environment.id, {
      kinds: jobKindsOf("mailboxes"),
      startedById: actor.id,
      activeOrEndedSince: new Date(now.getTime() - 60 * 60 * 1000),
      limit: 3,
    });
  };
  const deep = JSON.parse(Buffer.from(facts.deepCursor, "base64url").toString()) as Cursor;
  return {
    baseline: () => void shell(),
    mailboxes: mailboxes("active", "", null),
    deep: mailboxes("active", "", deep),
    search: mailboxes("active", facts.searchQuery, null),
    pending: mailboxes("pending", "", null),
    users: () => {
      const { now, environment } = environmentPage("users");
      auditExpiredAssignments(db, now);
      listEnvironmentUsers(db, environment.id, { q: "", roleId: null, sort: "name", dir: "asc", page: 1 });
      loadEnvironmentRoles(db, environment.id);
      // "Add user" candidates are searched only once its panel opens (findAddableUsersAction).
    },
    audit: () => {
      const { actor, now } = shell();
      auditExpiredAssignments(db, now);
      const scope = auditScope(actor, now);
      listAuditEnvironments(db, scope);
      searchAuditEvents(db, scope, { action: facts.auditAction }, {});
      listAuditActions(db);
      listAuditTargetTypes(db);
    },
  };
}
