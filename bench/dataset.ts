import { withTransaction } from "@/db/transaction";
// Builds the benchmark database (issues 7, 20): the Contoso demo plus one environment of 100,000 users
// and mailboxes (BENCH_MAILBOXES), 200 teams, 20 custom roles and 1,000,000 hash-chained audit events
// (BENCH_AUDIT_EVENTS), checkpointed.
import fs from "node:fs";
import { openDb, type Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { DEMO_PASSWORD } from "@/db/seed/demo-data";
import { provisionEnvironment } from "@/db/seed/provision";
import { hashPassword } from "@/lib/auth/password";
import { writeCheckpointSync } from "@/lib/services/audit";
import { DATASET_FACTS, resetBenchDb, type DatasetFacts } from "./bench-db";
import { appendBenchAuditEvents, type AuditSources } from "./dataset-audit";
import { mailboxState, person, pickKind, seededRandom, type MailboxKind } from "./dataset-people";
import { addCustomRoles, addTeams } from "./dataset-roles";

const USERS = Number(process.env.BENCH_MAILBOXES ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const SYSTEM_ADMINS = 5;
const DAY = 24 * 60 * 60 * 1000;
const BENCH_UPN = "bench.approver@contoso.com";

async function main() {
  const started = performance.now();
  const phase = (name: string) => console.log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const file = resetBenchDb();
  const db = openDb(file);
  // Rebuilt from scratch on every run: durability buys nothing while generating.
  db.$client.pragma("synchronous = OFF");
  db.$client.pragma("cache_size = -131072");
  const now = Date.now();
  const yearAgo = now - 365 * DAY;

  await seedDemo(db, new Date(yearAgo));
  phase("migrated, demo seeded");
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash for every generated user
  const q = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;
  const tenantId = q<{ id: number }>("select id from tenants").id;
  const ava = q<{ id: number; name: string; upn: string }>(
    "select id, display_name as name, upn from directory_users where upn = 'ava@contoso.com'",
  );
  const env = await withTransaction(db, (tx) =>
    provisionEnvironment(tx, {
      tenantId,
      name: "Contoso Scale",
      slug: "scale",
      type: "Production",
      now: new Date(yearAgo),
    }),
  );
  const customRoleIds = addCustomRoles(db, env.environmentId, yearAgo);

  const insertPerson = personInserter(db, {
    tenantId,
    environmentId: env.environmentId,
    serverProfileId: env.serverProfileId,
    passwordHash,
    approver: ava,
    yearAgo,
    now,
  });
  const random = seededRandom(42);
  const people: AuditSources["people"] = [];
  const kinds: Record<string, number> = {};
  let benchUserId = 0;
  // Secondary indexes and the per-row triggers of the tables filled here wait for the bulk load:
  // building an index once from sorted rows is several times cheaper than a million random inserts.
  const restore = suspendIndexesAndTriggers(db, BULK_TABLES);
  db.$client.transaction(() => {
    for (let i = 0; i < USERS; i++) {
      // The last member is the bench actor: System Administrator and Delegated Mailbox Approver.
      const isBench = i === USERS - 1;
      const who = isBench ? { name: "Bench Approver", upn: BENCH_UPN } : person(i);
      const kind: MailboxKind = isBench ? "approved" : pickKind(random());
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const roles = [env.roleIds.basic_user];
      if (i < SYSTEM_ADMINS || isBench) roles.push(env.roleIds.system_administrator);
      if (i % 10 === 0) roles.push(customRoleIds[(i / 10) % customRoleIds.length]!);
      const ids = insertPerson(i, who, kind, roles, isBench ? env.roleIds.delegated_mailbox_approver : null);
      people.push({ ...ids, upn: who.upn, name: who.name });
      if (isBench) benchUserId = ids.dirId;
    }
  })();
  phase(`${USERS} users and mailboxes`);
  const teams = addTeams(
    db,
    env.environmentId,
    people.map((p) => p.euId),
    { basicUser: env.roleIds.basic_user, custom: customRoleIds },
    yearAgo,
  );

  const admins = [
    { id: ava.id, upn: ava.upn },
    ...[...people.slice(0, SYSTEM_ADMINS), people.at(-1)!].map((p) => ({ id: p.dirId, upn: p.upn })),
  ];
  appendBenchAuditEvents(
    db,
    { environmentId: env.environmentId, admins, delegateIds: [benchUserId], people, teams },
    AUDIT_EVENTS,
    yearAgo,
    now - 60 * 60 * 1000,
  );
  phase(`teams, ${AUDIT_EVENTS} audit events`);
  restore();
  phase("indexes, the search index and the mailbox and user counts built");

  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const facts = datasetFacts(db, env.environmentId, benchUserId, kinds);
  db.$client.close();
  // As a server does at its first start on an existing log: one signed checkpoint of everything.
  const checkpoint = writeCheckpointSync(file);
  if (checkpoint.status !== "written") throw new Error(`no audit checkpoint: ${JSON.stringify(checkpoint)}`);
  phase(`audit checkpoint at event ${checkpoint.checkpoint.seq}`);
  const dataset_build_s = Math.round((performance.now() - started) / 100) / 10;
  fs.writeFileSync(DATASET_FACTS, JSON.stringify({ dataset_build_s, ...facts }, null, 2));
  console.log(`bench dataset ${file}: built in ${dataset_build_s} s`, facts.counts);
}

/** The tables the dataset fills with a row (or several) per user, and the audit log. */
const BULK_TABLES = [
  "directory_users",
  "environment_users",
  "mailboxes",
  "user_role_assignments",
  "team_members",
  "audit_events",
];

/**
 * Drops the secondary indexes of `tables` and the per-row triggers that keep derived data (the
 * mailbox search index, migration 0005; the mailbox counts, migrations 0013–0014; the Users page's
 * counts, environment_user_counts), and returns what puts
 * them back from their own stored SQL after the bulk insert, with the derived data rebuilt in one
 * pass, so the bench database ends exactly as migrated. Unique indexes are recreated too, which
 * checks their uniqueness then. The audit log's guard triggers stay: every event still links to the head.
 */
function suspendIndexesAndTriggers(db: Db, tables: string[]): () => void {
  const list = (sql: string) => db.$client.prepare(sql).all(...tables) as { name: string; sql: string }[];
  const marks = tables.map(() => "?").join(", ");
  const indexes = list(
    `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${marks})`,
  );
  const triggers = list(
    `select name, sql from sqlite_master where type = 'trigger' and tbl_name in (${marks}) and (name like 'mailbox_search%' or name like 'mailbox_counts%' or name like 'environment_user_counts%')`,
  );
  for (const x of [...indexes, ...triggers])
    db.$client.exec(`drop ${indexes.includes(x) ? "index" : "trigger"} "${x.name}"`);
  return () => {
    for (const index of indexes) db.$client.exec(index.sql);
    db.$client.exec("insert into mailbox_search(mailbox_search) values ('rebuild')");
    db.$client.exec(`delete from mailbox_counts;
      insert into mailbox_counts (environment_id, is_active, email_status, mailbox_status, n)
      select environment_id, is_active, email_status, mailbox_status, count(*) from mailboxes
      group by environment_id, is_active, email_status, mailbox_status;
      delete from environment_user_counts;
      insert into environment_user_counts (environment_id, is_enabled, n)
      select eu.environment_id, eu.is_enabled and du.is_enabled, count(*)
      from environment_users eu join directory_users du on du.id = eu.directory_user_id group by 1, 2`);
    for (const trigger of triggers) db.$client.exec(trigger.sql);
  };
}

type Ctx = {
  tenantId: number;
  environmentId: number;
  serverProfileId: number;
  passwordHash: string;
  approver: { id: number; name: string };
  yearAgo: number;
  now: number;
};

/** Prepared once, run once per user inside the caller's transaction. */
function personInserter(db: Db, c: Ctx) {
  const s = (sql: string) => db.$client.prepare(sql);
  const dir = s(
    "insert into directory_users (tenant_id, upn, display_name, is_enabled, password_hash, version, created_at) values (?, ?, ?, 1, ?, 1, ?)",
  );
  const eu = s(
    "insert into environment_users (environment_id, directory_user_id, full_name, email, is_enabled, version, created_at) values (?, ?, ?, ?, ?, 1, ?)",
  );
  const mailbox = s(
    `insert into mailboxes (environment_id, name, email_address, regarding_type, regarding_user_id, owner_id, server_profile_id, email_status,
       is_approved_by_tenant_admin, incoming_status, outgoing_status, act_status, mailbox_status, is_incoming_enabled, is_outgoing_enabled, is_act_enabled,
       test_completed_on, approved_by_id, approved_by_name, approved_on, test_last_attempted_by_id, test_last_attempted_on, is_active, version, created_at, pending_since)
     values (@environmentId, @name, @email, 'user', @euId, @euId, @profileId, @email_status, @is_approved_by_tenant_admin, @test_status, @test_status,
       @test_status, @test_status, @is_enabled, @is_enabled, @is_enabled, @test_completed_on, @approved_by_id, @approved_by_name, @approved_on,
       @test_last_attempted_by_id, @test_completed_on, @is_active, 1, @createdAt, @pendingSince)`,
  );
  // Exchange Online knows each person's mailbox, so Test & Enable measures checks that pass (every
  // 20th person's unlicensed: a failure the directory check reports), not 10,000 addresses it never finds.
  const recipient = s(
    "insert into exchange_recipients (tenant_id, address, kind, is_licensed) values (?, lower(?), 'user', ?)",
  );
  const role = s(
    "insert into user_role_assignments (environment_user_id, role_id, assigned_by_id, assigned_at, ends_at, justification) values (?, ?, ?, ?, ?, ?)",
  );
  const span = c.now - c.yearAgo;

  return (
    i: number,
    who: { name: string; upn: string },
    kind: MailboxKind,
    roleIds: number[],
    dmaRoleId: number | null,
  ) => {
    const createdAt = c.yearAgo + Math.floor((i / USERS) * span * 0.9);
    const dirId = Number(dir.run(c.tenantId, who.upn, who.name, c.passwordHash, createdAt).lastInsertRowid);
    recipient.run(c.tenantId, who.upn, i % 20 === 19 ? 0 : 1);
    const euId = Number(
      eu.run(c.environmentId, dirId, who.name, who.upn, kind === "inactive" ? 0 : 1, createdAt).lastInsertRowid,
    );
    const state = mailboxState(kind, c.approver, createdAt + DAY);
    const mailboxId = Number(
      mailbox.run({
        environmentId: c.environmentId,
        name: who.name,
        email: who.upn,
        euId,
        profileId: c.serverProfileId,
        createdAt,
        // Awaiting approval since it was made: the Pending view's "Pending since" and the overview's ages.
        pendingSince: state.email_status === 0 || state.email_status === 2 ? createdAt : null,
        ...state,
      }).lastInsertRowid,
    );
    for (const roleId of roleIds) role.run(euId, roleId, c.approver.id, createdAt, null, null);
    if (dmaRoleId !== null)
      role.run(
        euId,
        dmaRoleId,
        c.approver.id,
        c.now - DAY,
        c.now + 365 * DAY,
        "Benchmark approver for the large environment",
      );
    return { dirId, euId, mailboxId };
  };
}

/** What the measuring steps need: the slug, a cursor ~90,000 rows deep, a search fragment. */
function datasetFacts(
  db: Db,
  environmentId: number,
  benchUserId: number,
  kinds: Record<string, number>,
): Omit<DatasetFacts, "dataset_build_s"> {
  const deepRow = 90_000;
  const deep = db.$client
    .prepare(
      "select name, id from mailboxes where environment_id = ? and is_active = 1 order by name, id limit 1 offset ?",
    )
    .get(environmentId, deepRow - 1) as { name: string; id: number };
  // A surname and four digits of a number: the handful of rows an admin looking for one person gets.
  const searchQuery = person(54_321).upn.split("@")[0]!.split(".").slice(1).join(".").slice(0, -1);
  const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
  return {
    environmentId,
    slug: "scale",
    benchUserId,
    deepCursor: Buffer.from(JSON.stringify([deep.name, deep.id])).toString("base64url"),
    deepRow,
    searchQuery,
    auditAction: "MailboxApproved",
    counts: {
      directory_users: count("select count(*) n from directory_users"),
      mailboxes: count(`select count(*) n from mailboxes where environment_id = ${environmentId}`),
      ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [`mailboxes_${k}`, v])),
      teams: count(`select count(*) n from teams where environment_id = ${environmentId}`),
      team_members: count("select count(*) n from team_members"),
      custom_roles: count(
        `select count(*) n from security_roles where environment_id = ${environmentId} and is_custom = 1`,
      ),
      role_assignments: count("select count(*) n from user_role_assignments"),
      audit_events: count("select count(*) n from audit_events"),
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
