import type { Db } from "@/db/client";
import { auditScope } from "@/lib/policy/audit-visibility";
import { loadActor } from "@/lib/services/identity/actor";
import {
  listAuditActions,
  listAuditEnvironments,
  listAuditTargetTypes,
  searchAuditEvents,
} from "@/lib/services/audit/search";
import { findEnvironmentPage, getTenant, listVisibleEnvironments } from "@/lib/services/settings/environments";
import { listEnvironmentUsers } from "@/lib/services/directory/environment-users";
import { getApprovalSettings } from "@/lib/services/settings/email-settings";
import { listMailboxes, type Cursor, type MailboxView } from "@/lib/services/mailboxes/grid";
import { loadEnvironmentRoles } from "@/lib/services/delegation/role-facts";
import { countUnread } from "@/lib/services/notifications";
import type { DatasetFacts } from "./bench-db";

export const PAGE_KEYS = ["baseline", "mailboxes", "deep", "search", "pending", "users", "audit"] as const;
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
  const mailboxes = (view: MailboxView, q: string, after: Cursor | null) => () => {
    const { environment } = environmentPage("mailboxes");
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
    getApprovalSettings(db, environment);
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
      listEnvironmentUsers(db, environment, { q: "", roleId: null, sort: "name", dir: "asc", page: 1 }, now);
      loadEnvironmentRoles(db, environment.id);
      // "Add user" candidates are searched only once its panel opens (findAddableUsersAction).
    },
    audit: () => {
      const { actor, now } = shell();
      const scope = auditScope(actor, now);
      listAuditEnvironments(db, scope);
      searchAuditEvents(db, scope, { action: facts.auditAction }, {});
      listAuditActions(db);
      listAuditTargetTypes(db);
    },
  };
}
