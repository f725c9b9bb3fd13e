import fs from "node:fs";
import path from "node:path";
import { e2eDatabase } from "../security/e2e-db";

/** The app's pages as the file system has them ("/x/[id]"), so a new page cannot be left unchecked. */
export function pageRoutesOfApp(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx")
        found.push(
          `/${path
            .relative("app", dir)
            .split(path.sep)
            .filter((part) => part && !/^\(.*\)$/.test(part))
            .join("/")}`,
        );
    }
  };
  walk("app");
  return found.sort();
}

/**
 * Every page route and the addresses that open it on the end-to-end database: the demo's
 * Production, and a job and an access review of "Contoso Approval Off"
 * (e2e/fixtures/walkthrough-environments.ts). Read only; "/sign-in" is checked signed out.
 */
export function pageAddresses(): Record<string, string[]> {
  const db = e2eDatabase();
  const id = (sql: string, ...params: unknown[]) => db.one<{ id: number }>(sql, ...params).id;
  const inProduction = (table: string, where: string) =>
    id(
      `select t.id from ${table} t join environments e on e.id = t.environment_id where e.slug = 'production' and ${where}`,
    );
  try {
    const ids = {
      ava: id("select id from directory_users where upn = 'ava@contoso.com'"),
      sam: inProduction("environment_users", "t.email = 'sam@contoso.com'"),
      team: inProduction("teams", "t.name = 'Mail Admins'"),
      role: inProduction("security_roles", "t.key = 'system_administrator'"),
      nina: inProduction("mailboxes", "t.email_address = 'nina@contoso.com'"),
      bob: inProduction("mailboxes", "t.email_address = 'bob@contoso.com'"),
      profile: inProduction("server_profiles", "1 = 1"),
      job: id(
        "select j.id from bulk_jobs j join environments e on e.id = j.environment_id where e.slug = 'approval-off'",
      ),
      review: id("select id from access_reviews where name = 'Approval Off approvers'"),
    };
    const env = "/environments/production";
    return {
      "/": ["/"],
      "/sign-in": ["/sign-in"],
      "/my-mailbox": ["/my-mailbox"],
      "/notifications": ["/notifications"],
      "/notifications/settings": ["/notifications/settings"],
      "/me/tokens": ["/me/tokens"],
      // The shared server's secret is its own, so this link is refused: the page that says so.
      "/unsubscribe": [`/unsubscribe?u=${ids.ava}&k=approval-digest&t=not-a-signature`],
      "/audit": ["/audit"],
      "/tenant/users": ["/tenant/users"],
      "/tenant/users/[id]": [`/tenant/users/${ids.ava}`],
      "/tenant/delegations": ["/tenant/delegations"],
      "/tenant/access-reviews": ["/tenant/access-reviews"],
      "/tenant/access-reviews/new": ["/tenant/access-reviews/new"],
      "/tenant/access-reviews/[id]": [`/tenant/access-reviews/${ids.review}`],
      "/environments/[slug]": [env],
      "/environments/[slug]/users": [`${env}/users`],
      "/environments/[slug]/users/[id]": [`${env}/users/${ids.sam}`],
      "/environments/[slug]/teams": [`${env}/teams`],
      "/environments/[slug]/teams/[id]": [`${env}/teams/${ids.team}`],
      "/environments/[slug]/roles": [`${env}/roles`],
      "/environments/[slug]/roles/[id]": [`${env}/roles/${ids.role}`],
      "/environments/[slug]/roles/new": [`${env}/roles/new`],
      "/environments/[slug]/roles/delegated-mailbox-approver": [`${env}/roles/delegated-mailbox-approver`],
      "/environments/[slug]/mailboxes": [`${env}/mailboxes`, `${env}/mailboxes?view=pending`],
      "/environments/[slug]/mailboxes/[id]": [
        `${env}/mailboxes/${ids.nina}`,
        `${env}/mailboxes/${ids.nina}?tab=history`,
        `${env}/mailboxes/${ids.bob}`,
      ],
      "/environments/[slug]/settings/email": [`${env}/settings/email`],
      "/environments/[slug]/settings/server-profiles": [`${env}/settings/server-profiles`],
      "/environments/[slug]/settings/server-profiles/[id]": [`${env}/settings/server-profiles/${ids.profile}`],
      "/environments/[slug]/settings/server-profiles/new": [`${env}/settings/server-profiles/new`],
      "/environments/[slug]/jobs": ["/environments/approval-off/jobs"],
      "/environments/[slug]/jobs/[id]": [`/environments/approval-off/jobs/${ids.job}`],
    };
  } finally {
    db.close();
  }
}
