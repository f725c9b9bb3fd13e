import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { NO_ORIGIN } from "../audit/log";
import { changeMailboxAddress } from "./changes";
import { testAndEnableMailboxes } from "./test-and-enable";
import { demoLookups, epochMs } from "../testing/demo-lookups";

let db: Db;
let dispose: () => Promise<void>;
const { one: q, all, run: write, envId, actorOf } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };
type Box = {
  id: number;
  version: number;
  email_status: number;
  incoming_status: number;
  outgoing_status: number;
  act_status: number;
  mailbox_status: number;
  approved_by_name: string | null;
  is_approved_by_tenant_admin: number | boolean;
  test_last_attempted_by_id: number | null;
  test_completed_on: number | null;
};
/** A mailbox as stored, its test's instant in epoch milliseconds on either dialect. */
const box = async (name: string, slug = "production"): Promise<Box> => {
  const row = await q<Box & { test_completed_on: number | string | null }>(
    "select * from mailboxes where environment_id = ? and name = ?",
    await envId(slug),
    name,
  );
  return { ...row, test_completed_on: epochMs(row.test_completed_on) };
};
const alertCodes = async (mailboxId: number) =>
  (await all<{ code: string }>("select code from alerts where mailbox_id = ? order by id", mailboxId)).map(
    (a) => a.code,
  );
const run = async (alias: string, names: string[], slug = "production", at = ctx) =>
  await testAndEnableMailboxes(
    db,
    await actorOf(alias),
    { environmentId: await envId(slug), ids: await Promise.all(names.map(async (n) => (await box(n, slug)).id)) },
    at,
  );
const setSetting = async (slug: string, column: string, value: boolean) =>
  await write(`update email_settings set ${column} = ? where environment_id = ?`, flag(value), await envId(slug));

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
});
afterAll(() => dispose());

describe("Test & Enable on the demo mailboxes", () => {
  it("writes each mailbox's own failures and statuses, and records who tried and when", async () => {
    const results = await run("sam", ["Lena Lopez", "Mark Miller", "Dave Dunn", "Nina Novak", "Alex Adams"]);
    expect(results.map((r) => [r.name, r.outcome, r.alerts])).toEqual([
      [
        "Lena Lopez",
        "failed",
        [
          "IncomingEmailS2SApprovalNeeded",
          "OutgoingEmailS2SApprovalNeeded",
          "ExchangeSyncEmailS2SApprovalNeeded",
          "ErrorInvalidLicense",
        ],
      ],
      [
        "Mark Miller",
        "failed",
        [
          "IncomingEmailS2SApprovalNeeded",
          "OutgoingEmailS2SApprovalNeeded",
          "ExchangeSyncEmailS2SApprovalNeeded",
          "NoUserWithEmailAddressInTenant",
        ],
      ],
      ["Dave Dunn", "failed", ["MailboxDisabled"]],
      [
        "Nina Novak",
        "failed",
        ["IncomingEmailS2SApprovalNeeded", "OutgoingEmailS2SApprovalNeeded", "ExchangeSyncEmailS2SApprovalNeeded"],
      ],
      ["Alex Adams", "succeeded", []],
    ]);
    expect(await box("Dave Dunn")).toMatchObject({
      incoming_status: 2,
      outgoing_status: 2,
      act_status: 2,
      mailbox_status: 2,
      test_last_attempted_by_id: (await actorOf("sam")).id,
      test_completed_on: now.getTime(),
    });
    expect(await box("Alex Adams")).toMatchObject({
      incoming_status: 1,
      outgoing_status: 1,
      act_status: 1,
      mailbox_status: 1,
    });
    expect(await alertCodes((await box("Alex Adams")).id)).toEqual(["TestAndEnableSucceeded"]);
    expect(
      (
        await q<{ n: number }>(
          "select count(*) n from audit_events where action = 'MailboxTested' and actor_upn = 'sam@contoso.com'",
        )
      ).n,
    ).toBe(5);
  });

  it("a queue fails appointments, contacts and tasks only", async () => {
    const [support] = await run("sam", ["Support"]);
    expect(support!.alerts).toEqual([
      "IncomingEmailS2SApprovalNeeded",
      "OutgoingEmailS2SApprovalNeeded",
      "ExchangeSyncEmailS2SApprovalNeeded",
      "Crm.80048306",
    ]);
  });

  it("the audit event names each direction's outcome and the alert codes", async () => {
    const event = await q<{ after: string }>(
      "select after from audit_events where action = 'MailboxTested' and target_label like 'Dave Dunn%'",
    );
    expect(JSON.parse(event.after)).toEqual({
      incoming: "Failure",
      outgoing: "Failure",
      act: "Failure",
      mailboxStatus: "Failure",
      alerts: ["MailboxDisabled"],
    });
  });
});

describe("alerts are de-duplicated by (mailbox, code)", () => {
  it("a repeat updates last logged, keeps first logged, and adds no row", async () => {
    const later = new Date(now.getTime() + 60_000);
    const lena = (await box("Lena Lopez")).id;
    const alerts = async () =>
      (
        await all<{ code: string; created_on: number | string; last_logged_on: number | string }>(
          "select code, created_on, last_logged_on from alerts where mailbox_id = ? order by code",
          lena,
        )
      ).map((a) => ({ ...a, created_on: epochMs(a.created_on), last_logged_on: epochMs(a.last_logged_on) }));
    const before = await alerts();
    await run("sam", ["Lena Lopez"], "production", { origin: NO_ORIGIN, now: later });
    const after = await alerts();
    expect(after.map((a) => a.code)).toEqual(before.map((a) => a.code));
    expect(after.every((a) => a.created_on === now.getTime() && a.last_logged_on === later.getTime())).toBe(true);
  });
});

describe("self-approval as part of Test & Enable", () => {
  it("bob's changed-and-restored address is approved by bob himself, without the tenant-admin flag", async () => {
    const sam = actorOf("sam");
    for (const address of ["bob.brown@contoso.com", "bob@contoso.com"]) {
      const { id, version } = await box("Bob Brown");
      expect(
        await changeMailboxAddress(
          db,
          await sam,
          { environmentId: await envId("production"), mailboxId: id, version, emailAddress: address },
          ctx,
        ),
      ).toMatchObject({ ok: true });
    }
    const pending = await box("Bob Brown");
    expect(pending).toMatchObject({ email_status: 2, mailbox_status: 0 });
    const [result] = await run("bob", ["Bob Brown"]);
    expect(result).toMatchObject({ outcome: "succeeded", message: "Tested and enabled. Approved by self-approval." });
    expect(await box("Bob Brown")).toMatchObject({
      email_status: 1,
      approved_by_name: "Bob Brown",
      is_approved_by_tenant_admin: flag(false),
      mailbox_status: 1,
      version: pending.version + 1,
    });
    const actions = (
      await all<{ action: string }>(
        "select action from audit_events where target_label like 'Bob Brown%' order by seq desc limit 2",
      )
    ).map((e) => e.action);
    expect(actions).toEqual(["MailboxTested", "MailboxApproved"]);
  });

  it("with RequirePrivilegeToSelfApproveEmailAddress on, the run leaves bob's Sandbox mailbox pending and the alert says why", async () => {
    await setSetting("sandbox", "require_privilege_to_self_approve", true);
    const [result] = await run("bob", ["Bob Brown"], "sandbox");
    expect(result!.outcome).toBe("failed");
    expect((await box("Bob Brown", "sandbox")).email_status).toBe(2);
    expect(
      (
        await q<{ text: string }>(
          "select text from alerts where mailbox_id = ? and code = 'IncomingEmailS2SApprovalNeeded'",
          (await box("Bob Brown", "sandbox")).id,
        )
      ).text,
    ).toContain("RequirePrivilegeToSelfApproveEmailAddress is on");
    await setSetting("sandbox", "require_privilege_to_self_approve", false);
  });

  it("a System Administrator running it on someone else's pending mailbox does not approve it", async () => {
    await run("sam", ["Blake Davis"]);
    expect((await box("Blake Davis")).email_status).toBe(2);
  });
});

describe("who may run it, and the approval settings", () => {
  it("a Basic User cannot run it on another user's mailbox, which is not found to them; nothing is written", async () => {
    const [result] = await run("bob", ["Nina Novak"]);
    expect(result).toMatchObject({ outcome: "refused", code: "NOT_FOUND", reason: "NOT_VISIBLE" });
    expect(result!.name).not.toContain("Nina");
    expect(
      (
        await q<{ n: number }>(
          "select count(*) n from audit_events where action = 'MailboxTested' and actor_upn = 'bob@contoso.com' and target_label like 'Nina%'",
        )
      ).n,
    ).toBe(0);
  });

  it("with Process emails only for approved users off, nina's pending mailbox succeeds without approval", async () => {
    await setSetting("production", "process_approved_users_only", false);
    const [result] = await run("sam", ["Nina Novak"]);
    await setSetting("production", "process_approved_users_only", true);
    expect(result!.outcome).toBe("succeeded");
    expect(await box("Nina Novak")).toMatchObject({ email_status: 2, mailbox_status: 1 });
  });

  it("a mailbox of another environment is not found", async () => {
    const [result] = await testAndEnableMailboxes(
      db,
      await actorOf("sam"),
      { environmentId: await envId("production"), ids: [(await box("Bob Brown", "sandbox")).id] },
      ctx,
    );
    expect(result).toMatchObject({ outcome: "refused", code: "NOT_FOUND", reason: "NOT_VISIBLE" });
  });
});
