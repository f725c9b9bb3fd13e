import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { DAY_MS } from "@/lib/policy/delegation-terms";
import { NO_ORIGIN } from "../audit/log";
import { makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";
import { searchDelegationCandidates } from "./candidates";
import { delegateInEnvironments, precheckDelegations, searchDirectoryForDelegation } from "./multi";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, envId, dirId, envUserId, actorOf, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await makeDanaApprover(db, ctx, { justification: "Onboarding", endsAt: new Date(now.getTime() + 30 * DAY_MS) });
});
afterAll(() => dispose());

const search = async (who: string, text: string) =>
  await searchDelegationCandidates(db, await actorOf(who), { environmentId: await PROD(), q: text }, now);

describe("the Delegate picker", () => {
  it("finds a user by the start of their email, any case, and marks what they lack", async () => {
    expect(await search("evan", "NINA@")).toEqual({
      ok: true,
      hasMore: false,
      candidates: [
        {
          id: await envUserId("nina"),
          name: "Nina Novak",
          email: "nina@contoso.com",
          holding: null,
          isSystemAdministrator: false,
          cannotApproveReason: "NO_APPROVE_PRIVILEGE",
        },
      ],
    });
  });

  it("marks a current holder with their end date, and System Administrator as the rules count it", async () => {
    const result = await search("ava", "dana");
    expect(result).toMatchObject({
      ok: true,
      candidates: [
        {
          name: "Dana Diaz",
          holding: { state: "active", endsAt: new Date(now.getTime() + 30 * DAY_MS) },
          isSystemAdministrator: true,
          cannotApproveReason: null,
        },
      ],
    });
  });

  it("lists name matches first, then email-only matches, at most 20 and says there are more", async () => {
    // 40 generated users: user01…user40, named after ten first names.
    const result = await search("ava", "user");
    expect(result).toMatchObject({ ok: true, hasMore: true });
    expect(result.ok && result.candidates.map((c) => c.email)).toEqual(
      Array.from({ length: 20 }, (_, i) => `user${String(i + 1).padStart(2, "0")}@contoso.com`),
    );
    const byName = await search("ava", "Alex");
    expect(byName.ok && byName.candidates.map((c) => c.name)).toEqual([
      "Alex Adams",
      "Alex Baker",
      "Alex Clark",
      "Alex Davis",
    ]);
  });

  it("offers no disabled user, needs two characters, and is refused to those who may not delegate", async () => {
    expect(await search("ava", "dave")).toEqual({ ok: true, hasMore: false, candidates: [] });
    expect(await search("ava", "d")).toEqual({ ok: true, hasMore: false, candidates: [] });
    expect(await search("sam", "nina")).toMatchObject({ ok: false, code: "0x80090904" });
  });
});

describe("delegating in several environments at once", () => {
  const input = async (alias: string, slugs: string[], endsAt = new Date(now.getTime() + 10 * DAY_MS)) => ({
    directoryUserId: await dirId(alias),
    environmentIds: await Promise.all(slugs.map(envId)),
    terms: { justification: "Both regions", endsAt },
  });

  it("pre-checks each environment: not a user there (with the add button for those who may) or will be delegated", async () => {
    expect(
      await precheckDelegations(db, await actorOf("ava"), await input("nina", ["production", "sandbox"]), now),
    ).toMatchObject({
      ok: true,
      person: { name: "Nina Novak" },
      outcomes: [
        {
          slug: "production",
          outcome: "delegate",
          message: expect.stringContaining("do not hold System Administrator"),
        },
        { slug: "sandbox", outcome: "refused", reason: "NOT_IN_ENVIRONMENT", canAddUser: true },
      ],
    });
    expect(await precheckDelegations(db, await actorOf("evan"), await input("nina", ["sandbox"]), now)).toMatchObject({
      outcomes: [{ reason: "NOT_IN_ENVIRONMENT", canAddUser: false }],
    });
  });

  it("delegates where it can and reports the rest, one audited assignment per environment", async () => {
    const before = (await q<{ n: number }>("select count(*) n from audit_events where action = 'RoleAssigned'")).n;
    const result = await delegateInEnvironments(
      db,
      await actorOf("ava"),
      await input("bob", ["production", "sandbox"]),
      ctx,
    );
    expect(result).toMatchObject({
      ok: true,
      message: "Delegated to Bob Brown in 2 of 2 environments.",
      results: [
        { slug: "production", isDone: true },
        { slug: "sandbox", isDone: true },
      ],
    });
    expect((await q<{ n: number }>("select count(*) n from audit_events where action = 'RoleAssigned'")).n).toBe(
      before + 2,
    );
    const again = await delegateInEnvironments(db, await actorOf("ava"), await input("bob", ["production"]), ctx);
    expect(again).toMatchObject({ ok: true, results: [{ isDone: false, reason: "ALREADY_DELEGATED" }] });
  });

  it("is for Global and Exchange Administrators, and checks the terms once for all", async () => {
    expect(
      await delegateInEnvironments(db, await actorOf("paula"), await input("cora", ["production"]), ctx),
    ).toMatchObject({
      ok: false,
      code: "0x80090904",
    });
    expect(
      await delegateInEnvironments(db, await actorOf("ava"), await input("cora", ["production"], new Date(0)), ctx),
    ).toMatchObject({
      ok: false,
      field: "endsAt",
    });
  });

  it("finds directory people by name or UPN for the panel", async () => {
    expect(await searchDirectoryForDelegation(db, await actorOf("evan"), "cora")).toEqual({
      ok: true,
      hasMore: false,
      users: [{ id: await dirId("cora"), name: "Cora Chen", upn: "cora@contoso.com" }],
    });
  });
});
