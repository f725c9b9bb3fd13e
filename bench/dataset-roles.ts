import type { Db } from "@/db/client";
import { PRIVILEGE_KEYS, type Depth } from "@/lib/policy/catalog";

const CUSTOM_ROLES = [
  "Sales Manager",
  "Customer Service Representative",
  "Marketing Professional",
  "Field Technician",
  "Helpdesk Agent",
  "Finance Reviewer",
  "Project Manager",
  "Knowledge Manager",
  "Case Supervisor",
  "Partner Liaison",
  "Scheduler",
  "Data Steward",
  "Compliance Reader",
  "Service Desk Lead",
  "Regional Manager",
  "Contract Manager",
  "Quality Analyst",
  "Recruiter",
  "Procurement Officer",
  "Mailbox Coordinator",
];
const DEPTHS: Depth[] = ["user", "business_unit", "parent_child", "organization"];

/** Twenty custom roles, each with a few privileges at mixed depths. Returns their ids. */
export function addCustomRoles(db: Db, environmentId: number, at: number): number[] {
  const role = db.$client.prepare(
    "insert into security_roles (environment_id, key, name, is_custom, is_assignable, description, version, created_at) values (?, null, ?, 1, 1, ?, 1, ?)",
  );
  const privilege = db.$client.prepare("insert into role_privileges (role_id, privilege, depth) values (?, ?, ?)");
  return db.$client.transaction(() =>
    CUSTOM_ROLES.map((name, i) => {
      const id = Number(role.run(environmentId, name, `Custom role for ${name.toLowerCase()}s.`, at).lastInsertRowid);
      for (let k = 0; k < 4; k++)
        privilege.run(id, PRIVILEGE_KEYS[(i * 3 + k * 5) % PRIVILEGE_KEYS.length]!, DEPTHS[(i + k) % DEPTHS.length]!);
      return id;
    }),
  )();
}

const DEPARTMENTS = [
  "Sales",
  "Service",
  "Marketing",
  "Finance",
  "Operations",
  "Legal",
  "HR",
  "IT",
  "Support",
  "Field",
  "Partners",
  "Procurement",
  "Logistics",
  "Research",
  "Quality",
  "Training",
  "Facilities",
  "Security",
  "Analytics",
  "Projects",
];
const REGIONS = ["EMEA", "Americas", "APAC", "Nordics", "DACH", "UK", "France", "Iberia", "Japan", "ANZ"];

/** 200 teams; every member in one team; every team grants Basic User, every tenth also a custom role. */
export function addTeams(
  db: Db,
  environmentId: number,
  memberIds: number[],
  roles: { basicUser: number; custom: number[] },
  at: number,
) {
  const team = db.$client.prepare(
    "insert into teams (environment_id, name, type, entra_group_id, version, created_at) values (?, ?, ?, ?, 1, ?)",
  );
  const member = db.$client.prepare("insert into team_members (team_id, environment_user_id) values (?, ?)");
  const teamRole = db.$client.prepare(
    "insert into team_role_assignments (team_id, role_id, assigned_at) values (?, ?, ?)",
  );
  return db.$client.transaction(() => {
    const teams = DEPARTMENTS.flatMap((dept) => REGIONS.map((region) => `${dept} ${region}`)).map((name, i) => {
      const isGroup = i % 3 === 0;
      const groupId = isGroup ? `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` : null;
      const id = Number(team.run(environmentId, name, isGroup ? "entra_group" : "owner", groupId, at).lastInsertRowid);
      teamRole.run(id, roles.basicUser, at);
      if (i % 10 === 0) teamRole.run(id, roles.custom[(i / 10) % roles.custom.length]!, at);
      return { id, name };
    });
    memberIds.forEach((euId, i) => member.run(teams[i % teams.length]!.id, euId));
    return teams;
  })();
}
