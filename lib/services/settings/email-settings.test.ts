import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { DEFAULT_EMAIL_SETTINGS, emailSettingsValuesOf } from "@/lib/policy/email-settings";
import { getEmailSettings, readEmailSettings, updateEmailSettings, type EmailSettingsValues } from "./email-settings";
import {
  createServerProfile,
  setDefaultServerProfile,
  setServerProfileActive,
  updateServerProfile,
} from "./server-profile-changes";
import { getServerProfile, listServerProfiles } from "./server-profiles";
import { makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, run, PROD, actorOf, visible } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
const current = async () => (await getEmailSettings(db, await visible("email-settings")))!;
const save = async (alias: string, change: Partial<EmailSettingsValues>, version?: number) => {
  version ??= (await current()).version;
  const values = { ...emailSettingsValuesOf(await current()), ...change };
  return await updateEmailSettings(db, await actorOf(alias), { environmentId: await PROD(), version, values }, ctx);
};
const SECRET = "s3cr3t-value-never-shown";

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("email settings (DOMAIN §7)", () => {
  it("sam, System Administrator only, may not switch off Process emails only for approved users", async () => {
    expect(await save("sam", { processApprovedUsersOnly: false })).toMatchObject({
      ok: false,
      code: "0x80040220",
      reason: "NOT_TENANT_ADMIN_OR_DMA",
    });
    expect((await current()).processApprovedUsersOnly).toBe(true);
  });

  it("sam may change the System Administrator settings; the change is audited with before and after", async () => {
    expect(await save("sam", { notifyMailboxOwner: true, defaultActMethod: 2 })).toMatchObject({ ok: true });
    expect(await current()).toMatchObject({ notifyMailboxOwner: true, defaultActMethod: 2, version: 2 });
    expect(await q("select before, after from audit_events where action = 'EmailSettingsChanged'")).toEqual({
      before: JSON.stringify({ notifyMailboxOwner: "Off", defaultActMethod: "Server-Side Synchronization" }),
      after: JSON.stringify({ notifyMailboxOwner: "On", defaultActMethod: "None" }),
    });
  });

  it("a save from a stale form is refused", async () => {
    expect(await save("sam", { notifyMailboxOwner: false }, 1)).toMatchObject({ ok: false, reason: "STALE_VERSION" });
  });

  it("a Basic User may change nothing", async () => {
    expect(await save("bob", { requirePrivilegeToSelfApprove: true })).toMatchObject({
      ok: false,
      reason: "NOT_SYSTEM_ADMIN",
    });
  });

  it("dana, once a Delegated Mailbox Approver and System Administrator, may switch the approval settings off", async () => {
    await makeDanaApprover(db, ctx);
    expect(await save("dana", { processApprovedUsersOnly: false, processApprovedQueuesOnly: false })).toMatchObject({
      ok: true,
    });
    expect(await current()).toMatchObject({ processApprovedUsersOnly: false, processApprovedQueuesOnly: false });
    expect(await save("dana", { processApprovedUsersOnly: true, processApprovedQueuesOnly: true })).toMatchObject({
      ok: true,
    });
  });
});

describe("server profiles", () => {
  let oauthId: number;

  it("creates an OAuth profile; the secret is stored but never shown or audited", async () => {
    const result = await createServerProfile(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        profile: {
          name: "Fabrikam",
          authType: "oauth_cross_tenant",
          oauthTenantId: "t-1",
          oauthApplicationId: "a-1",
          oauthSecret: SECRET,
        },
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: true });
    oauthId = (result as { id: number }).id;
    expect(
      (await q<{ oauth_secret: string }>("select oauth_secret from server_profiles where id = ?", oauthId))
        .oauth_secret,
    ).toBe(SECRET);
    const view = (await getServerProfile(db, await visible("server-profiles"), oauthId))!;
    expect(view).toMatchObject({ hasSecret: true, oauthTenantId: "t-1" });
    expect(view).not.toHaveProperty("oauthSecret");
    expect(
      JSON.parse(
        (await q<{ after: string }>("select after from audit_events where action = 'ServerProfileCreated'")).after,
      ),
    ).toMatchObject({ secret: "set" });
  });

  it("an edit without a secret keeps it; a new secret is recorded only as changed", async () => {
    const edit = async (secret: string | null) =>
      await updateServerProfile(
        db,
        await actorOf("sam"),
        {
          environmentId: await PROD(),
          id: oauthId,
          version: (await getServerProfile(db, await visible("server-profiles"), oauthId))!.version,
          profile: {
            name: "Fabrikam",
            authType: "oauth_cross_tenant",
            oauthTenantId: "t-2",
            oauthApplicationId: "a-1",
            oauthSecret: secret,
          },
        },
        ctx,
      );
    expect(await edit(null)).toMatchObject({ ok: true });
    expect(
      (await q<{ oauth_secret: string }>("select oauth_secret from server_profiles where id = ?", oauthId))
        .oauth_secret,
    ).toBe(SECRET);
    expect(await edit("another-secret")).toMatchObject({ ok: true });
    expect(
      (
        await q<{ after: string }>(
          "select after from audit_events where action = 'ServerProfileChanged' order by seq desc",
        )
      ).after,
    ).toBe(JSON.stringify({ secret: "changed" }));
    expect(
      (
        await q<{ n: number }>(
          "select count(*) n from audit_events where coalesce(before, '') || coalesce(after, '') like '%secret-value%' or after like '%another-secret%'",
        )
      ).n,
    ).toBe(0);
  });

  it("OAuth without its values is invalid; a duplicate name is invalid", async () => {
    const create = async (name: string, oauthTenantId: string | null) =>
      await createServerProfile(
        db,
        await actorOf("sam"),
        {
          environmentId: await PROD(),
          profile: { name, authType: "oauth_cross_tenant", oauthTenantId, oauthApplicationId: "a", oauthSecret: "x" },
        },
        ctx,
      );
    expect(await create("Other", null)).toMatchObject({ ok: false, field: "oauthTenantId" });
    expect(await create("Fabrikam", "t")).toMatchObject({ ok: false, field: "name" });
  });

  it("set as default: one default per environment, and the email settings follow", async () => {
    expect(
      await setDefaultServerProfile(db, await actorOf("sam"), { environmentId: await PROD(), id: oauthId }, ctx),
    ).toMatchObject({
      ok: true,
    });
    expect(
      (await listServerProfiles(db, await visible("server-profiles"))).filter((p) => p.isDefault).map((p) => p.name),
    ).toEqual(["Fabrikam"]);
    expect((await current()).defaultServerProfileId).toBe(oauthId);
  });

  it("the default cannot be deactivated; another profile can, and back", async () => {
    expect(
      await setServerProfileActive(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), id: oauthId, isActive: false },
        ctx,
      ),
    ).toMatchObject({ ok: false, reason: "PROFILE_IS_DEFAULT" });
    const exchange = (await listServerProfiles(db, await visible("server-profiles"))).find(
      (p) => p.name === "Microsoft Exchange Online",
    )!;
    expect(exchange.mailboxCount).toBe(50); // 48 users and 2 queues
    expect(
      await setServerProfileActive(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), id: exchange.id, isActive: false },
        ctx,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await setServerProfileActive(
        db,
        await actorOf("sam"),
        { environmentId: await PROD(), id: exchange.id, isActive: true },
        ctx,
      ),
    ).toMatchObject({ ok: true });
  });

  it("only a System Administrator manages profiles", async () => {
    expect(
      await createServerProfile(
        db,
        await actorOf("cora"),
        {
          environmentId: await PROD(),
          profile: {
            name: "X",
            authType: "s2s_same_tenant",
            oauthTenantId: null,
            oauthApplicationId: null,
            oauthSecret: null,
          },
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, reason: "NOT_SYSTEM_ADMIN" });
    expect(
      await setDefaultServerProfile(db, await actorOf("bob"), { environmentId: await PROD(), id: oauthId }, ctx),
    ).toMatchObject({
      ok: false,
      reason: "NOT_SYSTEM_ADMIN",
    });
  });
});

describe("reading the email settings", () => {
  it("gives DOMAIN §7's defaults to an environment with none stored, whose form is not found and whose save changes nothing", async () => {
    const sandbox = (await q<{ id: number }>("select id from environments where slug = 'sandbox'")).id;
    await run("delete from email_settings where environment_id = ?", sandbox);
    expect(await readEmailSettings(db, sandbox)).toEqual({
      processApprovedUsersOnly: true,
      processApprovedQueuesOnly: true,
      requirePrivilegeToSelfApprove: false,
      notifyMailboxOwner: false,
      approvalDigestMinutes: 60,
      defaultServerProfileId: null,
      defaultIncomingMethod: 2,
      defaultOutgoingMethod: 2,
      defaultActMethod: 1,
      version: null,
      defaultProfileName: null,
    });
    expect(await getEmailSettings(db, await visible("email-settings", "sandbox"))).toBeNull();
    expect(
      await updateEmailSettings(
        db,
        await actorOf("ava"),
        { environmentId: sandbox, version: 1, values: { ...DEFAULT_EMAIL_SETTINGS, notifyMailboxOwner: true } },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("names the default profile with the stored settings", async () => {
    expect(await readEmailSettings(db, await PROD())).toMatchObject({
      defaultProfileName: expect.any(String),
      version: expect.any(Number),
    });
    expect((await readEmailSettings(db, await PROD())).defaultProfileName).toBe(
      (
        await q<{ name: string }>(
          "select p.name from email_settings s join server_profiles p on p.id = s.default_server_profile_id where s.environment_id = ?",
          await PROD(),
        )
      ).name,
    );
  });
});
