import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { createCustomRole, getSecurityRole, listSecurityRoles } from "./security-roles";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, actorOf, PROD, visible } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

beforeEach(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterEach(() => dispose());

const roleCount = async () => (await one<{ n: number }>("select count(*) n from security_roles")).n;
const created = () =>
  all("select action, target_type, target_label, after from audit_events where action = 'RoleCreated'");

const APPROVERS = { prvApproveRejectEmailAddress: "organization", prvReadMailbox: "organization" } as const;

describe("reading security roles", () => {
  it("lists System Administrator as a system role with its direct members counted", async () => {
    const rows = await listSecurityRoles(db, await visible("roles"));
    expect(rows.find((r) => r.name === "System Administrator")).toMatchObject({
      key: "system_administrator",
      isCustom: false,
      isAssignable: true,
      memberCount: 2,
    });
    // Basic User: 45 direct holders plus the Sales Team.
    expect(rows.find((r) => r.name === "Basic User")).toMatchObject({ memberCount: 46 });
    expect(rows.find((r) => r.name === "Support User")).toMatchObject({ isAssignable: false, memberCount: 0 });
  });

  it("shows a role's privileges, direct users and teams", async () => {
    const basic = (await listSecurityRoles(db, await visible("roles"))).find((r) => r.name === "Basic User")!;
    const detail = (await getSecurityRole(db, await visible("roles"), basic.id, now))!;
    expect(detail.privileges).toEqual([
      { privilege: "prvReadMailbox", depth: "user" },
      { privilege: "prvWriteMailbox", depth: "user" },
      { privilege: "prvReadUser", depth: "organization" },
    ]);
    expect(detail.teams).toEqual([{ id: expect.any(Number), name: "Sales Team" }]);
    expect(detail.users.map((u) => u.fullName)).toContain("Bob Brown");
  });

  it("does not find a role of another environment", async () => {
    const sandbox = visible("roles", "sandbox");
    const prodAdmin = (await listSecurityRoles(db, await visible("roles"))).find(
      (r) => r.name === "System Administrator",
    )!;
    expect(await getSecurityRole(db, await sandbox, prodAdmin.id, now)).toBeNull();
  });
});

describe("creating a custom role", () => {
  it("a System Administrator creates one with its privileges, audited as RoleCreated", async () => {
    const result = await createCustomRole(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), name: "  Approvers  ", privileges: APPROVERS },
      ctx,
    );
    expect(result).toMatchObject({ ok: true });
    const detail = (await getSecurityRole(db, await visible("roles"), (result as { roleId: number }).roleId, now))!;
    expect(detail).toMatchObject({ name: "Approvers", key: null, isCustom: true, isAssignable: true, memberCount: 0 });
    expect(detail.privileges).toEqual([
      { privilege: "prvApproveRejectEmailAddress", depth: "organization" },
      { privilege: "prvReadMailbox", depth: "organization" },
    ]);
    expect(await created()).toEqual([
      {
        action: "RoleCreated",
        target_type: "securityRole",
        target_label: "Approvers",
        after: JSON.stringify({ name: "Approvers", privileges: APPROVERS }),
      },
    ]);
  });

  it("refuses a duplicate name, whatever its case, as a field error", async () => {
    await createCustomRole(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), name: "Approvers", privileges: APPROVERS },
      ctx,
    );
    const before = await roleCount();
    expect(
      await createCustomRole(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), name: "APPROVERS", privileges: APPROVERS },
        ctx,
      ),
    ).toEqual({
      ok: false,
      code: null,
      reason: "INVALID_INPUT",
      field: "name",
      message: "A role with this name already exists.",
    });
    expect(
      await createCustomRole(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), name: "System Administrator", privileges: APPROVERS },
        ctx,
      ),
    ).toMatchObject({ field: "name" });
    expect(await roleCount()).toBe(before);
    expect(await created()).toHaveLength(1);
  });

  it.each([
    ["an empty name", { name: "   ", privileges: APPROVERS }, "name"],
    ["a name over 100 characters", { name: "x".repeat(101), privileges: APPROVERS }, "name"],
    ["no privileges", { name: "Empty", privileges: {} }, "privileges"],
    ["an unknown privilege", { name: "Odd", privileges: { prvEverything: "organization" } }, "privileges"],
    ["an unknown depth", { name: "Odd", privileges: { prvReadMailbox: "galaxy" } }, "privileges"],
  ])("refuses %s", async (_what, input, field) => {
    const before = await roleCount();
    expect(
      await createCustomRole(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), ...(input as { name: string; privileges: typeof APPROVERS }) },
        ctx,
      ),
    ).toMatchObject({ ok: false, field });
    expect(await roleCount()).toBe(before);
  });

  it("a System Customizer (cora) is refused with 0x80040220 and nothing is written", async () => {
    const before = await roleCount();
    expect(
      await createCustomRole(
        db,
        await actorOf("cora"),
        { environmentId: await PROD(), name: "Approvers", privileges: APPROVERS },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: "0x80040220", reason: "NOT_SYSTEM_ADMIN" });
    expect(await roleCount()).toBe(before);
    expect(await created()).toEqual([]);
  });

  it("someone who cannot see the environment's roles gets not found", async () => {
    expect(
      await createCustomRole(
        db,
        await actorOf("bob"),
        { environmentId: await PROD(), name: "Approvers", privileges: APPROVERS },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});
