import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { delegateMailboxApprover } from "../delegation/role-assignments";
import { setApproval } from "../mailboxes/approvals";
import { changeMailboxAddress } from "../mailboxes/changes";
import { demoLookups } from "../testing/demo-lookups";
import { sendApproverDigests } from "./digests";

// Approvers' digests: the first mailbox of a quiet period goes at once, the next ones wait for the
// environment's interval and go together; each approver once per digest; nobody else.

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run, dirId, envUserId, actorOf, PROD } = demoLookups(() => db);
const t0 = new Date("2026-11-27T12:00:00Z");
const MINUTE = 60_000;
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

const mailbox = async (alias: string) =>
  await one<{ id: number; version: number }>(
    "select id, version from mailboxes where environment_id = ? and regarding_user_id = ?",
    await PROD(),
    await envUserId(alias),
  );
async function changeAddress(alias: string, when: Date) {
  const { id, version } = await mailbox(alias);
  const result = await changeMailboxAddress(
    db,
    await actorOf("sam"),
    { environmentId: await PROD(), mailboxId: id, version, emailAddress: `${alias}.${when.getTime()}@contoso.com` },
    { origin: NO_ORIGIN, now: when },
  );
  expect(result).toMatchObject({ ok: true });
}
const digestsOf = async (alias: string) =>
  await all<{ title: string; body: string; href: string }>(
    "select title, body, href from notifications where recipient_id = ? and kind = 'approval-digest' order by id",
    await dirId(alias),
  );
const digestCount = async () => (await one<{ n: number }>("select count(*) n from approval_digests")).n;

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
    { origin: NO_ORIGIN, now: t0 },
  );
});
afterAll(() => dispose());

describe("approvers' digests", () => {
  it("nothing waiting, nothing sent", async () => {
    expect(await sendApproverDigests(db, t0)).toEqual({ digests: 0, notifications: 0 });
  });

  it("the first pending mailbox of a quiet period goes at once, to its approvers only", async () => {
    await changeAddress("bob", t0);
    expect(await sendApproverDigests(db, t0)).toEqual({ digests: 1, notifications: 1 });
    const [digest] = await digestsOf("dana");
    expect(digest!.title).toBe("1 mailbox waiting for your approval in Contoso Production");
    expect(digest!.body).toBe(
      `New in Pending approval: Bob Brown (bob.${t0.getTime()}@contoso.com). Mail does not sync for them until someone approves.`,
    );
    expect(digest!.href).toMatch(/^\/environments\/production\/mailboxes\?view=pending&digest=\d+$/);
    // Sam is System Administrator without a tenant role or the delegation: he cannot approve, so is not told.
    expect(await digestsOf("sam")).toEqual([]);
    expect(
      (await one<{ n: number }>("select count(*) n from audit_events where action = 'ApprovalDigestSent'")).n,
    ).toBe(1);
  });

  it("the next ones wait for the interval (60 minutes) after the last digest, and then go together", async () => {
    await changeAddress("user05", at(10));
    await changeAddress("user06", at(20));
    expect(await sendApproverDigests(db, at(10))).toEqual({ digests: 0, notifications: 0 });
    expect(await sendApproverDigests(db, at(59))).toEqual({ digests: 0, notifications: 0 });
    expect(await sendApproverDigests(db, at(60))).toEqual({ digests: 1, notifications: 1 });
    expect((await digestsOf("dana")).map((d) => d.title)).toEqual([
      "1 mailbox waiting for your approval in Contoso Production",
      "2 mailboxes waiting for your approval in Contoso Production",
    ]);
  });

  it("a sweep running again, or on a second server, sends nothing twice", async () => {
    expect(await sendApproverDigests(db, at(60))).toEqual({ digests: 0, notifications: 0 });
    expect(await sendApproverDigests(db, at(200))).toEqual({ digests: 0, notifications: 0 });
    expect(await digestCount()).toBe(2);
  });

  it("a mailbox decided before its digest went is left out; with nothing left, no digest starts an interval", async () => {
    await changeAddress("user07", at(70));
    const { id, version } = await mailbox("user07");
    await setApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items: [{ id, version }], operation: "approve" },
      {
        origin: NO_ORIGIN,
        now: at(80),
      },
    );
    expect(await sendApproverDigests(db, at(120))).toEqual({ digests: 0, notifications: 0 });
    expect(await digestCount()).toBe(2);
    expect((await one<{ n: number }>("select count(*) n from approval_digest_items where digest_id is null")).n).toBe(
      0,
    );
  });

  it("after a quiet period the next one goes at once again; the interval is the environment's setting", async () => {
    await run("update email_settings set approval_digest_minutes = 15 where environment_id = ?", await PROD());
    await changeAddress("user08", at(300));
    expect(await sendApproverDigests(db, at(300))).toEqual({ digests: 1, notifications: 1 });
    await changeAddress("user09", at(305));
    expect(await sendApproverDigests(db, at(314))).toEqual({ digests: 0, notifications: 0 });
    expect(await sendApproverDigests(db, at(315))).toEqual({ digests: 1, notifications: 1 });
    expect(await digestCount()).toBe(4);
  });
});
