import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { unsubscribePath } from "../../lib/services/notifications/unsubscribe-token";
import { signInAndWait } from "../helpers";
import { deployment, removeTempDirs, startServer, tempDir, tsx, type Server } from "../reliability/server-processes";

// STYLE: pages and GET routes never write. A server of this test's own (nothing else writes to its
// database), a Global Administrator who may open every page, every page and GET route of the app
// visited, and every table compared before and after. The one write a visit may make is the
// session's "last seen" (at most once a minute, for the idle timeout), and the same for the REST
// API's token ("last used"), so those columns are left out. The API's routes are read with a
// token of Ava's, made in the setup as the portal stores one (a SHA-256 of the secret).

/** Every page and GET route of the app (from its files) and the addresses that open it here. */
function addresses(ids: Record<string, number>, unsubscribe: string): Record<string, string[]> {
  const env = "/environments/production";
  return {
    "/": ["/"],
    "/sign-in": ["/sign-in"],
    "/my-mailbox": ["/my-mailbox"],
    "/audit": ["/audit", "/audit?action=RoleExpired"],
    "/tenant/users": ["/tenant/users", "/tenant/users?q=ava"],
    "/tenant/users/[id]": [`/tenant/users/${ids.ava}`],
    "/tenant/delegations": [
      "/tenant/delegations",
      "/tenant/delegations?env=governance&state=expired&unused=30&sort=lastApproval&dir=desc",
    ],
    "/environments/[slug]": [env, "/environments/governance"],
    "/environments/[slug]/users": [`${env}/users`, `${env}/users?q=dana`],
    "/environments/[slug]/users/[id]": [`${env}/users/${ids.sam}`, `/environments/governance/users/${ids.rhea}`],
    "/environments/[slug]/teams": [`${env}/teams`],
    "/environments/[slug]/teams/[id]": [`${env}/teams/${ids.team}`],
    "/environments/[slug]/roles": [`${env}/roles`],
    "/environments/[slug]/roles/[id]": [`${env}/roles/${ids.role}`],
    "/environments/[slug]/roles/new": [`${env}/roles/new`],
    "/environments/[slug]/roles/delegated-mailbox-approver": [
      `${env}/roles/delegated-mailbox-approver`,
      "/environments/governance/roles/delegated-mailbox-approver",
    ],
    "/environments/[slug]/mailboxes": [
      `${env}/mailboxes`,
      `${env}/mailboxes?view=pending`,
      `${env}/mailboxes?view=pending&age=1to7d&sort=pendingSince&dir=asc`,
      `${env}/mailboxes?view=pending&digest=1`,
    ],
    "/environments/[slug]/mailboxes/[id]": [`${env}/mailboxes/${ids.mailbox}`],
    "/environments/[slug]/settings/email": [`${env}/settings/email`],
    "/environments/[slug]/settings/server-profiles": [`${env}/settings/server-profiles`],
    "/environments/[slug]/settings/server-profiles/[id]": [`${env}/settings/server-profiles/${ids.profile}`],
    "/environments/[slug]/settings/server-profiles/new": [`${env}/settings/server-profiles/new`],
    "/environments/[slug]/jobs": [`${env}/jobs`],
    "/environments/[slug]/jobs/[id]": [`${env}/jobs/${ids.job}`],
    "GET /audit/export/[format]": ["/audit/export/csv", "/audit/export/json"],
    "/tenant/access-reviews": ["/tenant/access-reviews"],
    "/tenant/access-reviews/new": ["/tenant/access-reviews/new"],
    "/tenant/access-reviews/[id]": [`/tenant/access-reviews/${ids.review}`],
    "GET /tenant/access-reviews/[id]/export": [`/tenant/access-reviews/${ids.review}/export`],
    "/notifications": ["/notifications"],
    "/me/tokens": ["/me/tokens"],
    "GET /api/v1/environments": ["/api/v1/environments"],
    "GET /api/v1/environments/[slug]/mailboxes": [
      "/api/v1/environments/production/mailboxes",
      "/api/v1/environments/production/mailboxes?view=pending&q=user&sort=email&dir=desc&limit=500",
    ],
    "GET /api/v1/environments/[slug]/mailboxes/[id]": [`/api/v1/environments/production/mailboxes/${ids.mailbox}`],
    "GET /api/v1/environments/[slug]/delegations": [
      "/api/v1/environments/production/delegations",
      "/api/v1/environments/governance/delegations?state=expired&unusedForDays=30",
    ],
    "GET /api/v1/jobs/[id]": [`/api/v1/jobs/${ids.job}`],
    "GET /api/v1/audit": ["/api/v1/audit", "/api/v1/audit?action=RoleExpired&limit=5"],
    "GET /api/v1/audit/export": ["/api/v1/audit/export", "/api/v1/audit/export?environment=governance"],
    "GET /api/v1/openapi.json": ["/api/v1/openapi.json"],
    "GET /api/v1/[...path]": ["/api/v1/no/such/endpoint"],
    "GET /api/docs": ["/api/docs"],
    "GET /api/docs/redoc.standalone.js": ["/api/docs/redoc.standalone.js"],
    "/notifications/settings": ["/notifications/settings"],
    // An email's "Stop these emails" link: opening it changes nothing (only its button does).
    "/unsubscribe": [unsubscribe],
    "GET /tenant/delegations/export": ["/tenant/delegations/export", "/tenant/delegations/export?state=expired"],
    "GET /api/auth/[...nextauth]": ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"],
  };
}

/** The app's routes as the file system has them: "/x/[id]" for a page, "GET /x" for a route handler. */
function routesOfApp(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx" || entry.name === "route.ts") {
        const route = `/${path
          .relative("app", dir)
          .split(path.sep)
          .filter((part) => part && !/^\(.*\)$/.test(part))
          .join("/")}`;
        if (entry.name === "page.tsx") found.push(route);
        else if (/\bGET\b/.test(fs.readFileSync(full, "utf8"))) found.push(`GET ${route}`);
      }
    }
  };
  walk("app");
  return found.sort();
}

/** A digest of every table's rows, sessions without their "last seen". */
function fingerprint(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%' order by name",
      )
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = (db.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[])
          .map((c) => c.name)
          .filter(
            (c) => !(name === "sessions" && c === "last_seen_at") && !(name === "api_tokens" && c === "last_used_at"),
          );
        const rows = db
          .prepare(
            `select ${columns.map((c) => `"${c}"`).join(", ")} from "${name}" order by ${columns.map((_, i) => i + 1).join(", ")}`,
          )
          .raw()
          .all();
        return [name, crypto.createHash("sha256").update(JSON.stringify(rows)).digest("hex")];
      }),
    );
  } finally {
    db.close();
  }
}

let server: Server | null = null;
test.afterAll(async () => {
  await server?.stop("SIGTERM");
  removeTempDirs();
});

test("a Global Administrator opens every page and GET route, and the database is exactly as before", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  // The bench's diagnostics page is no page of this build (page.bench.tsx, only in the bench's own build).
  const env: NodeJS.ProcessEnv = deployment(tempDir());
  const file = env.DATABASE_PATH!;
  tsx(env, "db/cli/prepare.ts");
  tsx(env, "e2e/fixtures/e2e-database.ts", "governance");
  const setup = new Database(file);
  const one = (sql: string, ...params: unknown[]) => (setup.prepare(sql).get(...params) as { id: number }).id;
  const ids = {
    ava: one("select id from directory_users where upn = 'ava@contoso.com'"),
    sam: one(
      "select eu.id from environment_users eu join environments e on e.id = eu.environment_id where e.slug = 'production' and eu.email = 'sam@contoso.com'",
    ),
    rhea: one("select id from environment_users where email = 'rhea.renew@contoso.com'"),
    team: one("select id from teams where name = 'Mail Admins'"),
    role: one(
      "select r.id from security_roles r join environments e on e.id = r.environment_id where e.slug = 'production' and r.key = 'system_administrator'",
    ),
    mailbox: one(
      "select m.id from mailboxes m join environments e on e.id = m.environment_id where e.slug = 'production' and m.email_address = 'nina@contoso.com'",
    ),
    profile: one(
      "select p.id from server_profiles p join environments e on e.id = p.environment_id where e.slug = 'production'",
    ),
  };
  // A finished job, so the job page shows one (test setup, before the server starts).
  const job = setup
    .prepare(
      `insert into bulk_jobs (environment_id, kind, status, total, done, title, result, started_by_id, created_at, finished_at)
       select environment_id, 'test-and-enable-profile', 'succeeded', 0, 0, 'Test & Enable: Microsoft Exchange Online',
              '{"counts":{},"failures":[],"failuresOmitted":0}', ?, ?, ? from server_profiles where id = ?`,
    )
    .run(ids.ava, Date.now(), Date.now(), ids.profile).lastInsertRowid as number;
  setup
    .prepare("insert into bulk_job_inputs (job_id, params, item_ids) values (?, ?, '[]')")
    .run(job, JSON.stringify({ serverProfileId: ids.profile, profileName: "Microsoft Exchange Online", origin: {} }));
  // An open access review of Production with Sam as its one item, so the review page shows one.
  const review = setup
    .prepare(
      `insert into access_reviews (name, scope, reviewer_mode, unanswered, status, started_by_id, started_at, due_at)
       values ('Production approvers', 'environments', 'tenant_admins', 'flag', 'open', ?, ?, ?)`,
    )
    .run(ids.ava, Date.now(), Date.now() + 14 * 86_400_000).lastInsertRowid as number;
  setup
    .prepare(
      `insert into access_review_environments (review_id, environment_id) select ?, environment_id from environment_users where id = ?`,
    )
    .run(review, ids.sam);
  setup
    .prepare(
      `insert into access_review_items (review_id, environment_id, environment_user_id, holder_name, holder_email, assigned_at)
       select ?, environment_id, id, 'Sam Sato', email, ? from environment_users where id = ?`,
    )
    .run(review, Date.now(), ids.sam);
  const secret = `mgp_${crypto.randomBytes(32).toString("base64url")}`;
  setup
    .prepare(
      `insert into api_tokens (owner_id, name, scopes, secret_hash, prefix, created_at, expires_at)
       values (?, 'reads', 'mailboxes.read mailboxes.approve delegations.read delegations.write audit.read', ?, ?, ?, ?)`,
    )
    .run(
      ids.ava,
      crypto.createHash("sha256").update(secret).digest("hex"),
      secret.slice(0, 8),
      Date.now(),
      Date.now() + 86_400_000,
    );
  setup.close();
  const urls = addresses({ ...ids, job, review }, unsubscribePath(ids.ava, "approval-digest", env));
  expect(Object.keys(urls).sort(), "every page and GET route of the app has addresses here").toEqual(routesOfApp());

  server = await startServer(env);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signInAndWait(page, "ava", "Ava Alvarez");
  const before = fingerprint(file);
  const visited: string[] = [];
  for (const [route, list] of Object.entries(urls)) {
    for (const url of list) {
      const headers = url.startsWith("/api/v1/") ? { Authorization: `Bearer ${secret}` } : undefined;
      const response = route.startsWith("GET ") ? await page.request.get(url, { headers }) : await page.goto(url);
      // The API's catch-all answers every address with its own 404: that is its read.
      if (route === "GET /api/v1/[...path]") expect(response?.status(), url).toBe(404);
      else expect(response?.status(), url).toBeLessThan(400);
      visited.push(url);
    }
  }
  expect(visited).toHaveLength(Object.values(urls).flat().length);
  expect(fingerprint(file), "what the visits left in the database").toEqual(before);
  await context.close();
});
