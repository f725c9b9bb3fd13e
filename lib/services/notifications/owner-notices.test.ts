import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { delegateMailboxApprover } from "../delegation/role-assignments";
import { setApproval } from "../mailboxes/approvals";
import { changeMailboxAddress } from "../mailboxes/changes";
import { testAndEnableMailboxes } from "../mailboxes/test-and-enable";
import { demoLookups } from "../testing/demo-lookups";
import { requestApproval } from "./approval-requests";

// What owners hear about their mailbox, and what approvers hear when an owner asks: written with
// the change, to exactly the people the rules name.

let db: Db;
let dispose: () => Promise<void>;
const { one, all, dirId, envUserId, envId, actorOf, PROD } = demoLookups(() => db);
const t0 = new Date("2026-11-27T12:00:00Z");
const ctx = (now = t0) => ({ origin: NO_ORIGIN, now });
const mailbox = async (alias: string, slug = "production") =>
  await one<{ id: number; version: number }>(
    "select id, version from mailboxes where environment_id = ? and regarding_user_id = ?",
    await envId(slug),
    await envUserId(alias, slug),
  );
const toldOf = async (alias: string, kind: string) =>
  await all<{ title: string; body: string; href: string }>(
    "select title, body, href from notifications where recipient_id = ? and kind = ? order by id",
    await dirId(alias),
    kind,
  );

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, t0);
  await delegateMailboxApprover(
    db,
    await actorOf("ava"),
    {
      environmentId: await PROD(),
      environmentUserId: await envUserId("dana"),
      terms: { justification: "Approves new hires", endsAt: null },
      alsoSystemAdministrator: false,
    },
    ctx(),
  );
});
afterAll(() => dispose());

describe("owners hear every decision about their mailbox", () => {
  it("a rejection, with its reason; the approver is not told of their own act", async () => {
    await setApproval(
      db,
      await actorOf("dana"),
      {
        environmentId: await PROD(),
        items: [await mailbox("user03")],
        operation: "reject",
        reason: "This person no longer works here.",
      },
      ctx(),
    );
    expect(await toldOf("user03", "mailbox-decision")).toEqual([
      {
        title: "Your mailbox user03@contoso.com in Contoso Production was rejected",
        body: `Dana Diaz rejected it on 27 Nov 2026, 12:00 UTC. Mail does not sync until it is approved.\nReason: This person no longer works here.`,
        href: `/environments/production/mailboxes/${(await mailbox("user03")).id}`,
      },
    ]);
    expect(await toldOf("dana", "mailbox-decision")).toEqual([]);
  });

  it("an approval", async () => {
    await setApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [await mailbox("user21")], operation: "approve" },
      ctx(),
    );
    expect((await toldOf("user21", "mailbox-decision")).map((n) => n.title)).toEqual([
      "Your mailbox user21@contoso.com in Contoso Production is approved",
    ]);
  });

  it("Test & Enable starting to fail, with the alert's text; not again while it keeps failing", async () => {
    const mark = await mailbox("mark");
    await testAndEnableMailboxes(db, await actorOf("sam"), { environmentId: await PROD(), ids: [mark.id] }, ctx());
    await testAndEnableMailboxes(db, await actorOf("sam"), { environmentId: await PROD(), ids: [mark.id] }, ctx());
    const told = await toldOf("mark", "mailbox-test-failed");
    expect(told.map((n) => n.title)).toEqual([
      "Test & Enable failed for your mailbox mark@contso.com in Contoso Production",
    ]);
    expect(told[0]!.body).toMatch(
      /^Mail does not sync until the problem is fixed and Test & Enable runs again\.\nAlert: /,
    );
  });

  it("an address change by someone else sends it back to Pending; their own change tells nobody", async () => {
    const bob = await mailbox("bob");
    await changeMailboxAddress(
      db,
      await actorOf("sam"),
      {
        environmentId: await PROD(),
        mailboxId: bob.id,
        version: bob.version,
        emailAddress: "bob.brown@contoso.com",
      },
      ctx(),
    );
    const nina = await mailbox("nina");
    await changeMailboxAddress(
      db,
      await actorOf("nina"),
      {
        environmentId: await PROD(),
        mailboxId: nina.id,
        version: nina.version,
        emailAddress: "nina.n@contoso.com",
      },
      ctx(),
    );
    expect(await toldOf("bob", "mailbox-pending-again")).toEqual([
      {
        title: "Your mailbox in Contoso Production needs approval again",
        body: "Its address changed from bob@contoso.com to bob.brown@contoso.com (by Sam Sato). Mail does not sync until the new address is approved.",
        href: `/environments/production/mailboxes/${bob.id}`,
      },
    ]);
    expect(await toldOf("nina", "mailbox-pending-again")).toEqual([]);
    expect(
      // Epoch milliseconds on SQLite, a timestamp's text on PostgreSQL.
      new Date(
        (await one<{ pending_since: number | string }>("select pending_since from mailboxes where id = ?", bob.id))
          .pending_since,
      ).getTime(),
    ).toBe(t0.getTime());
  });
});

describe("Request approval", () => {
  it("the approvers (only they) get it at once with the owner's note; once a day", async () => {
    const lena = await mailbox("lena");
    const ask = async (at: Date) =>
      await requestApproval(db, await actorOf("lena"), { mailboxId: lena.id, note: "I start Monday." }, ctx(at));
    expect(await ask(t0)).toMatchObject({ ok: true, message: "Asked Dana Diaz to approve it.", approvers: 1 });
    expect(await toldOf("dana", "approval-requested")).toEqual([
      {
        title: "Lena Lopez asks you to approve lena@contoso.com in Contoso Production",
        body: expect.stringMatching(/^Their mailbox has been waiting since .*\nLena Lopez's note: I start Monday\.$/),
        href: `/environments/production/mailboxes/${lena.id}`,
      },
    ]);
    expect(await toldOf("sam", "approval-requested")).toEqual([]);
    expect(await ask(new Date(t0.getTime() + 23 * 3_600_000))).toMatchObject({ ok: false, reason: "ASKED_TODAY" });
    expect(await ask(new Date(t0.getTime() + 24 * 3_600_000))).toMatchObject({ ok: true });
    expect((await one<{ n: number }>("select count(*) n from audit_events where action = 'ApprovalRequested'")).n).toBe(
      2,
    );
  });

  it("someone else's mailbox is not found; with nobody able to approve, nothing is written", async () => {
    expect(
      await requestApproval(db, await actorOf("bob"), { mailboxId: (await mailbox("lena")).id, note: null }, ctx()),
    ).toMatchObject({
      ok: false,
      reason: "NOT_VISIBLE",
    });
    const before = (await one<{ n: number }>("select count(*) n from approval_requests")).n;
    expect(
      await requestApproval(
        db,
        await actorOf("bob"),
        { mailboxId: (await mailbox("bob", "sandbox")).id, note: null },
        ctx(),
      ),
    ).toMatchObject({ ok: false, reason: "NO_APPROVERS" });
    expect((await one<{ n: number }>("select count(*) n from approval_requests")).n).toBe(before);
  });
});
