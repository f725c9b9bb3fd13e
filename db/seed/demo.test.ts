import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { loadActor } from "@/lib/services/identity/actor";
import { verifyPassword } from "@/lib/auth/password";
import { seedDemo, seedDemoIfEmpty } from "./demo";

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db);
});
afterAll(() => dispose());

const all = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.$client.prepare(sql).get(...params) as T;

describe("the demo tenant matches the foundation issue's table", () => {
  it("is Contoso Ltd on contoso.com", () => {
    expect(one("select name, domain from tenants")).toEqual({ name: "Contoso Ltd", domain: "contoso.com" });
  });

  it("has the named people with their tenant roles, directory state and Exchange facts", () => {
    const rows = all<{
      upn: string;
      roles: string | null;
      enabled: number;
      kind: string | null;
      licensed: number | null;
    }>(`
      select u.upn, group_concat(t.role) roles, u.is_enabled enabled, x.kind, x.is_licensed licensed
      from directory_users u
      left join tenant_role_assignments t on t.directory_user_id = u.id
      left join exchange_recipients x on x.address = u.upn
      where u.upn not like 'user%' group by u.id order by u.upn`);
    expect(rows).toEqual([
      { upn: "ava@contoso.com", roles: "global_admin", enabled: 1, kind: "user", licensed: 1 },
      { upn: "bob@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
      { upn: "cora@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
      { upn: "dana@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
      { upn: "dave@contoso.com", roles: null, enabled: 0, kind: "user", licensed: 1 },
      { upn: "evan@contoso.com", roles: "exchange_admin", enabled: 1, kind: "user", licensed: 1 },
      { upn: "lena@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 0 },
      { upn: "mark@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
      { upn: "nina@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
      { upn: "paula@contoso.com", roles: "power_platform_admin", enabled: 1, kind: "user", licensed: 1 },
      { upn: "sam@contoso.com", roles: null, enabled: 1, kind: "user", licensed: 1 },
    ]);
  });

  it("has user01…user40, enabled and licensed, and the shared mailboxes, and nothing for mark@contso.com", () => {
    expect(
      one(`select count(*) n from directory_users u join exchange_recipients x on x.address = u.upn
                where u.upn glob 'user[0-4][0-9]@contoso.com' and u.is_enabled = 1 and x.is_licensed = 1`),
    ).toEqual({ n: 40 });
    expect(all("select address from exchange_recipients where kind = 'shared' order by address")).toEqual([
      { address: "sales@contoso.com" },
      { address: "support@contoso.com" },
    ]);
    expect(one("select count(*) n from exchange_recipients where address = 'mark@contso.com'")).toEqual({ n: 0 });
  });

  it("gives every demo user the password Contoso-Demo-1", async () => {
    const { password_hash } = one<{ password_hash: string }>(
      "select password_hash from directory_users where upn = 'user17@contoso.com'",
    );
    expect(await verifyPassword(password_hash, "Contoso-Demo-1")).toBe(true);
  });

  it("has the two environments, each with a default Exchange Online profile and default email settings", () => {
    expect(
      all(`select e.name, e.slug, e.type, p.name profile, p.auth_type, p.is_default, s.process_approved_users_only u,
                  s.process_approved_queues_only q, s.require_privilege_to_self_approve self, s.notify_mailbox_owner notify
           from environments e join server_profiles p on p.environment_id = e.id join email_settings s on s.environment_id = e.id
           order by e.slug`),
    ).toEqual([
      {
        name: "Contoso Production",
        slug: "production",
        type: "Production",
        profile: "Microsoft Exchange Online",
        auth_type: "s2s_same_tenant",
        is_default: 1,
        u: 1,
        q: 1,
        self: 0,
        notify: 0,
      },
      {
        name: "Contoso Sandbox",
        slug: "sandbox",
        type: "Sandbox",
        profile: "Microsoft Exchange Online",
        auth_type: "s2s_same_tenant",
        is_default: 1,
        u: 1,
        q: 1,
        self: 0,
        notify: 0,
      },
    ]);
  });

  const rolesIn = (slug: string) =>
    Object.fromEntries(
      all<{ email: string; roles: string }>(
        `select eu.email, group_concat(r.name, ', ') roles from environment_users eu
         join environments e on e.id = eu.environment_id
         join user_role_assignments a on a.environment_user_id = eu.id join security_roles r on r.id = a.role_id
         where e.slug = ? group by eu.id`,
        slug,
      ).map((r) => [r.email, r.roles]),
    );

  it("gives Production its direct roles; ava, evan and paula are not members", () => {
    const roles = rolesIn("production");
    expect(roles["sam@contoso.com"]).toBe("System Administrator");
    expect(roles["dana@contoso.com"]).toBe("System Administrator");
    expect(roles["cora@contoso.com"]).toBe("System Customizer");
    for (const who of ["bob", "nina", "lena", "dave", "user01", "user40"])
      expect(roles[`${who}@contoso.com`]).toBe("Basic User");
    expect(roles["mark@contso.com"]).toBe("Basic User");
    expect(Object.keys(roles)).toHaveLength(48);
    for (const who of ["ava", "evan", "paula"]) expect(roles[`${who}@contoso.com`]).toBeUndefined();
  });

  it("gives Sandbox sam as System Administrator and dana and bob as Basic Users", () => {
    expect(rolesIn("sandbox")).toEqual({
      "sam@contoso.com": "System Administrator",
      "dana@contoso.com": "Basic User",
      "bob@contoso.com": "Basic User",
    });
  });

  it("has the Mail Admins and Sales Team teams with their members and roles", () => {
    expect(
      all(`select t.name, t.type, group_concat(distinct eu.email) members, group_concat(distinct r.name) roles
           from teams t join team_members m on m.team_id = t.id join environment_users eu on eu.id = m.environment_user_id
           left join team_role_assignments tr on tr.team_id = t.id left join security_roles r on r.id = tr.role_id
           group by t.id order by t.name`),
    ).toEqual([
      { name: "Mail Admins", type: "owner", members: "sam@contoso.com,dana@contoso.com", roles: null },
      {
        name: "Sales Team",
        type: "entra_group",
        members:
          "bob@contoso.com,user01@contoso.com,user02@contoso.com,user03@contoso.com,user04@contoso.com,user05@contoso.com",
        roles: "Basic User",
      },
    ]);
  });

  it("gives each mailbox the issue's email address status", () => {
    const status = Object.fromEntries(
      all<{ k: string; s: number; active: number }>(
        `select e.slug || ':' || m.email_address k, m.email_status s, m.is_active active from mailboxes m join environments e on e.id = m.environment_id`,
      ).map((r) => [r.k, `${r.s}${r.active ? "" : " inactive"}`]),
    );
    const p = (alias: string) => status[`production:${alias}@contoso.com`];
    expect([p("sam"), p("dana"), p("bob")]).toEqual(["1", "1", "1"]);
    expect(p("dave")).toBe("1 inactive");
    expect([p("nina"), p("lena"), status["production:mark@contso.com"], p("support")]).toEqual(["2", "2", "2", "2"]);
    expect(p("cora")).toBe("0");
    expect(p("sales")).toBe("3");
    for (let n = 1; n <= 40; n++)
      expect(p(`user${String(n).padStart(2, "0")}`)).toBe(n <= 20 ? "1" : n <= 35 ? "2" : "3");
    expect([
      status["sandbox:sam@contoso.com"],
      status["sandbox:dana@contoso.com"],
      status["sandbox:bob@contoso.com"],
    ]).toEqual(["1", "2", "2"]);
  });

  it("marks approved-and-tested mailboxes Success and the others Not Run", () => {
    expect(
      one(
        `select incoming_status i, outgoing_status o, act_status a from mailboxes where email_address = 'user07@contoso.com'`,
      ),
    ).toEqual({ i: 1, o: 1, a: 1 });
    expect(
      one(
        `select incoming_status i, outgoing_status o, act_status a from mailboxes where email_address = 'nina@contoso.com' and environment_id = 1`,
      ),
    ).toEqual({ i: 0, o: 0, a: 0 });
  });

  it("has the Support and Sales queues owned by sam and dana", () => {
    expect(
      all(
        `select q.name, q.email, eu.email owner from queues q join environment_users eu on eu.id = q.owner_id order by q.name`,
      ),
    ).toEqual([
      { name: "Sales", email: "sales@contoso.com", owner: "dana@contoso.com" },
      { name: "Support", email: "support@contoso.com", owner: "sam@contoso.com" },
    ]);
  });

  it("loads sam as an actor with System Administrator in both environments and no tenant role", async () => {
    const sam = one<{ id: number }>("select id from directory_users where upn = 'sam@contoso.com'");
    const actor = (await loadActor(db, sam.id))!;
    expect(actor.tenantRoles).toEqual([]);
    expect(actor.memberships.map((m) => m.roles.filter((r) => r.via === "direct").map((r) => r.key))).toEqual([
      ["system_administrator"],
      ["system_administrator"],
    ]);
  });

  it("seeds only once", async () => {
    expect(await seedDemoIfEmpty(db)).toBe(false);
    expect(one("select count(*) n from tenants")).toEqual({ n: 1 });
  });
});
