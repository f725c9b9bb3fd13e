import { first } from "@/db/query";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { mailboxes } from "@/db/schema";
import { flag } from "@/db/sql";
import { createTestDb } from "@/db/testing";
import { NO_ORIGIN } from "../audit/log";
import { addUserToEnvironment } from "../directory/environment-membership";
import { jobRunner } from "../jobs/app-runner";
import { runApproval } from "./run-approval";
import { addPendingQueueMailboxes, makeDanaApprover } from "../testing/approval-setup";
import { demoLookups } from "../testing/demo-lookups";
import { startProfileJob } from "../testing/profile-job-setup";
import { BACKGROUND_FROM } from "./approvals";
import { changeMailboxAddress } from "./changes";
import { applyDefaultEmailSettings, setMailboxesActive, setSyncMethods } from "./commands";
import { COUNT_CAP, COUNTED_VIEWS, countView } from "./counts";
import { listMailboxes, mailboxFilter, type MailboxView } from "./grid";
import { testAndEnableMailboxes } from "./test-and-enable";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run, PROD, envId, actorOf, envUserId, dirId } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const ctx = { origin: NO_ORIGIN, now };

type Box = { id: number; version: number };
const boxes = async (where: string, ...params: unknown[]) =>
  await all<Box>(
    `select id, version from mailboxes where environment_id = ? and ${where} order by id`,
    await PROD(),
    ...params,
  );

/** The counts as COUNT(*) finds them in `mailboxes`, and as the triggers kept them (empty groups left out). */
async function countsBothWays() {
  const counted = await all(
    `select environment_id, is_active, email_status, mailbox_status, count(*) as n from mailboxes
     group by environment_id, is_active, email_status, mailbox_status order by 1, 2, 3, 4`,
  );
  const kept = await all(
    `select environment_id, is_active, email_status, mailbox_status, n from mailbox_counts
     where n <> 0 order by 1, 2, 3, 4`,
  );
  return { counted, kept };
}

/** Every view of every environment: the grid's total against COUNT(*) over the grid's own filter. */
async function viewTotalsBothWays() {
  const environments = (await all<{ id: number }>("select id from environments order by id")).map((e) => e.id);
  const counted: Record<string, number> = {};
  const kept: Record<string, number> = {};
  for (const environmentId of environments) {
    for (const view of COUNTED_VIEWS) {
      const where = mailboxFilter({ environmentId, view, ownEnvironmentUserId: null }, { kind: "none" });
      counted[`${environmentId}/${view}`] = (await first(
        db.select({ n: count() }).from(mailboxes).where(where).limit(1),
      ))!.n;
      kept[`${environmentId}/${view}`] = await countView(db, environmentId, view);
    }
  }
  return { counted, kept };
}

async function expectCountsRight() {
  const { counted, kept } = await countsBothWays();
  expect(counted.length).toBeGreaterThan(0);
  expect(kept).toEqual(counted);
  const views = await viewTotalsBothWays();
  expect(views.kept).toEqual(views.counted);
}

beforeAll(async () => {
  ({ db, dispose } = await createTestDb({ demo: true }));
  await makeDanaApprover(db, ctx);
});
afterAll(() => dispose());

describe("the maintained mailbox counts equal COUNT(*) after every kind of change", () => {
  it("after the seed and the migration's first fill", () => expectCountsRight());

  it("after approving and rejecting one at a time", async () => {
    const [a, b] = await boxes("is_active = ? and email_status = 2", flag(true));
    for (const [box, operation] of [
      [a!, "approve"],
      [b!, "reject"],
    ] as const) {
      const reason = operation === "reject" ? "Duplicate of another mailbox." : null;
      const run = await runApproval(
        db,
        await actorOf("dana"),
        { environmentId: await PROD(), items: [box], operation, reason },
        ctx,
      );
      expect(run).toMatchObject({ ok: true, jobId: null, outcomes: [{ outcome: "changed" }] });
      await expectCountsRight();
    }
  });

  it("after a bulk approval run in the background, batch by batch", async () => {
    await addPendingQueueMailboxes(db, BACKGROUND_FROM + 5, "Counts Queue", now);
    await expectCountsRight();
    const items = await boxes("is_active = ? and email_status = 2", flag(true));
    expect((await items).length).toBeGreaterThanOrEqual(BACKGROUND_FROM);
    const run = await runApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), items, operation: "approve" },
      ctx,
    );
    if (!run.ok || run.jobId === null) throw new Error("expected a background job");
    await jobRunner().settled(run.jobId);
    expect(
      (
        await one<{ n: number }>(
          "select count(*) n from mailboxes where id = ? and email_status = 1",
          (await items)[0]!.id,
        )
      ).n,
    ).toBe(1);
    await expectCountsRight();
  }, 60_000);

  it("after Test & Enable, at once and as the server profile's background job", async () => {
    const some = (await boxes("is_active = ?", flag(true))).slice(0, 6);
    await testAndEnableMailboxes(
      db,
      await actorOf("sam"),
      { environmentId: await PROD(), ids: some.map((b) => b.id) },
      ctx,
    );
    await expectCountsRight();
    await jobRunner().settled(await startProfileJob(db, ctx));
    expect((await one<{ n: number }>("select count(*) n from mailboxes where mailbox_status <> 0")).n).toBeGreaterThan(
      0,
    );
    await expectCountsRight();
  }, 60_000);

  it("after an address change sends an approved mailbox back to Pending Approval", async () => {
    const [box] = await boxes("is_active = ? and email_status = 1 and regarding_type = 'queue'", flag(true));
    const result = await changeMailboxAddress(
      db,
      await actorOf("dana"),
      {
        environmentId: await PROD(),
        mailboxId: box!.id,
        version: box!.version,
        emailAddress: "moved.queue@contoso.com",
      },
      ctx,
    );
    expect(result).toMatchObject({ ok: true });
    expect(
      (await one<{ email_status: number }>("select email_status from mailboxes where id = ?", box!.id)).email_status,
    ).toBe(2);
    await expectCountsRight();
  });

  it("after adding a user, whose new mailbox waits for approval", async () => {
    const candidate = await one<{ id: number }>(
      "select id from directory_users where is_enabled = ? and id not in (select directory_user_id from environment_users where environment_id = ?) order by id limit 1",
      flag(true),
      await envId("sandbox"),
    );
    const result = await addUserToEnvironment(
      db,
      await actorOf("ava"),
      { environmentId: await envId("sandbox"), directoryUserId: candidate.id },
      ctx,
    );
    expect(result).toMatchObject({ ok: true });
    await expectCountsRight();
  });

  it("after deactivating, activating, new sync methods and the default settings", async () => {
    const some = (await boxes("is_active = ? and mailbox_status <> 0", flag(true))).slice(0, 4);
    const input = { environmentId: await PROD(), items: some };
    expect(await setMailboxesActive(db, await actorOf("ava"), { ...input, isActive: false }, ctx)).toHaveLength(4);
    await expectCountsRight();
    const again = await boxes(`id in (${some.map((b) => b.id).join(",")})`);
    await setMailboxesActive(
      db,
      await actorOf("ava"),
      { environmentId: await PROD(), items: again, isActive: true },
      ctx,
    );
    await expectCountsRight();
    const tested = (await boxes("is_active = ? and mailbox_status <> 0", flag(true))).slice(0, 3);
    await setSyncMethods(
      db,
      await actorOf("ava"),
      { environmentId: await PROD(), items: tested, methods: { incoming: 0 } },
      ctx,
    );
    await expectCountsRight();
    await applyDefaultEmailSettings(
      db,
      await actorOf("ava"),
      { environmentId: await PROD(), items: (await boxes("is_active = ?", flag(true))).slice(0, 5) },
      ctx,
    );
    await expectCountsRight();
  });

  it("after rows are deleted or move to another environment", async () => {
    const [first, second] = await boxes("regarding_type = 'queue' and email_address like 'counts.queue%'");
    await run("delete from mailboxes where id = ?", first!.id);
    await run("update mailboxes set environment_id = ? where id = ?", await envId("sandbox"), second!.id);
    await expectCountsRight();
    expect(await dirId("ava")).toBeGreaterThan(0);
  });
});

describe("the grid's totals", () => {
  const total = async (view: MailboxView, q = "") =>
    listMailboxes(db, {
      environmentId: await PROD(),
      view,
      q,
      sort: "name",
      dir: "asc",
      after: null,
      before: null,
      ownEnvironmentUserId: await envUserId("dana"),
    });

  it("a view's total is its maintained count; a search counts its matches up to the cap", async () => {
    expect(await total("pending")).toMatchObject({
      total: await countView(db, await PROD(), "pending"),
      isTotalCapped: false,
    });
    const queues = (
      await one<{ n: number }>(
        "select count(*) n from mailboxes where environment_id = ? and is_active = ? and name like '%Counts Queue%'",
        await PROD(),
        flag(true),
      )
    ).n;
    expect(await total("active", "Counts Queue")).toMatchObject({ total: queues, isTotalCapped: false });
    expect(await total("mine")).toMatchObject({ total: 1, isTotalCapped: false });
  });

  it("a search matching more than COUNT_CAP mailboxes says so instead of counting them all", async () => {
    await addPendingQueueMailboxes(db, COUNT_CAP, "Many Queue", now);
    const matches = (
      await one<{ n: number }>(
        "select count(*) n from mailboxes where environment_id = ? and is_active = ? and (email_address like '%contoso%' or name like '%contoso%')",
        await PROD(),
        flag(true),
      )
    ).n;
    expect(matches).toBeGreaterThan(COUNT_CAP);
    expect(await total("active", "contoso")).toMatchObject({ total: COUNT_CAP, isTotalCapped: true });
  }, 60_000);
});
