import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed/demo";
import { NO_ORIGIN } from "../audit/log";
import { delegateMailboxApprover } from "../delegation/role-assignments";
import { setApproval } from "../mailboxes/approvals";
import { demoLookups } from "../testing/demo-lookups";
import {
  answerReviewItems,
  applyAccessReview,
  applyDueReviews,
  getAccessReview,
  listReviewItems,
  startAccessReview,
} from ".";
import type { ReviewSpec } from "./create";

let db: Db;
let dispose: () => Promise<void>;
const { one, all, run, dirId, envId, envUserId, actorOf, PROD } = demoLookups(() => db);
const now = new Date("2026-11-27T12:00:00Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * DAY);
const ctx = (when = now) => ({ origin: NO_ORIGIN, now: when });

async function delegate(alias: string, slug = "production") {
  expect(
    await delegateMailboxApprover(
      db,
      await actorOf("ava"),
      {
        environmentId: await envId(slug),
        environmentUserId: await envUserId(alias, slug),
        terms: { justification: `Cover for ${alias}`, endsAt: null },
        alsoSystemAdministrator: false,
      },
      ctx(),
    ),
  ).toMatchObject({ ok: true });
}

const holdsDma = async (alias: string, slug = "production") =>
  (
    await one<{ n: number }>(
      `select count(*) n from user_role_assignments a join security_roles r on r.id = a.role_id
     where a.environment_user_id = ? and r.key = 'delegated_mailbox_approver'`,
      await envUserId(alias, slug),
    )
  ).n === 1;
const events = async (action: string) =>
  await all<{ actor_upn: string | null; reason: string | null; after: string; environment_id: number | null }>(
    "select actor_upn, reason, after, environment_id from audit_events where action = ? order by seq",
    action,
  );
const itemIdOf = async (reviewId: number, alias: string) =>
  (
    await one<{ id: number }>(
      "select id from access_review_items where review_id = ? and holder_email = ?",
      reviewId,
      `${alias}@contoso.com`,
    )
  ).id;

const spec = async (extra: Partial<ReviewSpec> = {}): Promise<ReviewSpec> => ({
  name: "Production approvers Q4",
  environmentIds: [await PROD()],
  reviewerIds: [await dirId("evan")],
  dueAt: at(14),
  unanswered: "flag",
  recurrenceDays: 90,
  ...extra,
});

beforeAll(async () => {
  ({ db, dispose } = await createTestDb());
  await seedDemo(db, now);
  for (const alias of ["dana", "user10", "user11"]) await delegate(alias);
  await delegate("bob", "sandbox");
});
afterAll(() => dispose());

describe("starting a review", () => {
  const cases: [string, string, () => Promise<ReviewSpec>, object][] = [
    [
      "sam, a System Administrator only",
      "sam",
      () => spec(),
      { ok: false, code: "0x80090904", reason: "NOT_TENANT_ADMIN" },
    ],
    ["paula, a Power Platform Administrator", "paula", () => spec(), { ok: false, code: "0x80090904" }],
    [
      "ava naming bob as reviewer",
      "ava",
      async () => await spec({ reviewerIds: [await dirId("bob")] }),
      { ok: false, field: "reviewerIds" },
    ],
    ["ava with a due date in the past", "ava", () => spec({ dueAt: at(-1) }), { ok: false, field: "dueAt" }],
    ["ava with no environment", "ava", () => spec({ environmentIds: [] }), { ok: false, field: "environmentIds" }],
    ["ava repeating every 45 days", "ava", () => spec({ recurrenceDays: 45 }), { ok: false, field: "recurrenceDays" }],
  ];
  it.each(cases)("%s is refused, and nothing is written", async (_, who, input, expected) => {
    const before = (await one<{ n: number }>("select count(*) n from access_reviews")).n;
    expect(await startAccessReview(db, await actorOf(who), await input(), ctx())).toMatchObject(expected);
    expect((await one<{ n: number }>("select count(*) n from access_reviews")).n).toBe(before);
  });
});

describe("a review from start to result", () => {
  let reviewId: number;

  it("ava starts a review of Production with evan as reviewer: one item per holder, audited, evan notified", async () => {
    const started = await startAccessReview(db, await actorOf("ava"), await spec(), ctx());
    expect(started).toMatchObject({ ok: true, items: 3 });
    reviewId = (started as { reviewId: number }).reviewId;
    expect(
      (
        await all<{ holder_email: string }>(
          "select holder_email from access_review_items where review_id = ? order by id",
          reviewId,
        )
      ).map((r) => r.holder_email),
    ).toEqual(["user11@contoso.com", "dana@contoso.com", "user10@contoso.com"]); // Alex Baker, Dana Diaz, Jordan Adams
    const [event] = await events("AccessReviewStarted");
    expect(event).toMatchObject({ actor_upn: "ava@contoso.com", environment_id: null });
    expect(JSON.parse(event!.after)).toMatchObject({ reviewers: ["evan@contoso.com"], items: 3, unanswered: "flag" });
    expect(
      (await all("select recipient_id from notifications where kind = 'access-review-assigned'")).map(
        (r) => (r as { recipient_id: number }).recipient_id,
      ),
    ).toEqual([await dirId("evan")]);
  });

  it("ava, not a named reviewer, cannot answer; evan answers Remove for user10 and Keep for dana, each audited", async () => {
    const input = {
      reviewId,
      itemIds: [await itemIdOf(reviewId, "user10")],
      decision: "remove" as const,
      note: "Left the team",
    };
    expect(await answerReviewItems(db, await actorOf("ava"), await input, ctx())).toMatchObject({
      ok: false,
      reason: "NOT_A_REVIEWER",
    });
    expect(await answerReviewItems(db, await actorOf("evan"), await input, ctx())).toMatchObject({
      ok: true,
      answered: 1,
    });
    expect(await answerReviewItems(db, await actorOf("evan"), await input, ctx())).toMatchObject({
      ok: true,
      answered: 0,
    });
    expect(
      await answerReviewItems(
        db,
        await actorOf("evan"),
        { reviewId, itemIds: [await itemIdOf(reviewId, "dana")], decision: "keep", note: null },
        ctx(),
      ),
    ).toMatchObject({ ok: true, answered: 1 });
    const answered = await events("AccessReviewAnswered");
    expect(answered).toHaveLength(2);
    expect(answered[0]).toMatchObject({
      actor_upn: "evan@contoso.com",
      reason: "Left the team",
      environment_id: await PROD(),
    });
    const open = (await listReviewItems(db, await actorOf("evan"), reviewId, { view: "open", page: 1 }))!;
    expect(open.total).toBe(1);
    expect(open.rows.map((r) => r.holderName)).toEqual(["Alex Baker"]);
  });

  it("each item shows the holder's last approval made in the environment, from the audit log", async () => {
    const nina = await one<{ id: number; version: number }>(
      "select id, version from mailboxes where regarding_user_id = ?",
      await envUserId("nina"),
    );
    const approvedAt = at(1);
    const [outcome] = await setApproval(
      db,
      await actorOf("dana"),
      { environmentId: await PROD(), operation: "approve", items: [nina] },
      ctx(approvedAt),
    );
    expect(outcome).toMatchObject({ outcome: "changed" });
    const rows = (await listReviewItems(db, await actorOf("evan"), reviewId, { view: "all", page: null }))!.rows;
    expect(rows.map((r) => [r.holderName, r.lastApprovalAt])).toEqual([
      ["Alex Baker", null],
      ["Dana Diaz", approvedAt],
      ["Jordan Adams", null],
    ]);
  });

  it("an item of another review is refused whole", async () => {
    expect(
      await answerReviewItems(
        db,
        await actorOf("evan"),
        { reviewId, itemIds: [999_999], decision: "keep", note: null },
        ctx(),
      ),
    ).toMatchObject({ ok: false, field: "itemIds" });
  });

  it("evan cannot apply it early (not the starter); the sweep does not before the due date", async () => {
    expect(await applyAccessReview(db, await actorOf("evan"), { reviewId }, ctx())).toMatchObject({
      ok: false,
      reason: "NOT_STARTER",
    });
    expect(await applyDueReviews(db, at(13))).toBe(0);
    expect(await getAccessReview(db, await actorOf("ava"), reviewId, now)).toMatchObject({
      status: "open",
      apply: { allowed: true },
    });
  });

  it("ava applies early: user10 loses the role, dana keeps it, user11 is flagged, the next review starts", async () => {
    const applied = await applyAccessReview(db, await actorOf("ava"), { reviewId }, ctx(at(7)));
    expect(applied).toMatchObject({ ok: true, counts: { removed: 1, kept: 1, flagged: 1, gone: 0 } });
    expect([await holdsDma("user10"), await holdsDma("dana"), await holdsDma("user11")]).toEqual([false, true, true]);
    const removed = (await events("RoleRemoved")).at(-1)!;
    expect(removed).toMatchObject({
      actor_upn: "ava@contoso.com",
      reason: 'Access review "Production approvers Q4": answered Remove by Evan Evans: Left the team.',
    });
    const prod = await PROD();
    expect(
      (await actorOf("user10")).memberships.find((m) => m.environmentId === prod)!.roles.map((r) => r.key),
    ).not.toContain("delegated_mailbox_approver");
    expect(JSON.parse((await events("AccessReviewApplied"))[0]!.after)).toMatchObject({
      removed: 1,
      kept: 1,
      flagged: 1,
    });

    const detail = (await getAccessReview(db, await actorOf("ava"), reviewId, at(7)))!;
    expect(detail).toMatchObject({ status: "applied", appliedBy: "Ava Alvarez", counts: { items: 3, removed: 1 } });
    const next = (await getAccessReview(db, await actorOf("ava"), detail.nextReviewId!, at(7)))!;
    // Due one period after this one's due date, even though it was applied a week early.
    expect(next).toMatchObject({
      status: "open",
      dueAt: at(14 + 90),
      reviewers: ["Evan Evans"],
      previousReviewId: reviewId,
    });
    expect(next.counts.items).toBe(2);
    expect((await events("AccessReviewStarted")).at(-1)).toMatchObject({ actor_upn: null });
  });

  it("answers are final once applied", async () => {
    expect(
      await answerReviewItems(
        db,
        await actorOf("evan"),
        { reviewId, itemIds: [await itemIdOf(reviewId, "user11")], decision: "remove", note: null },
        ctx(at(8)),
      ),
    ).toMatchObject({ ok: false, reason: "REVIEW_CLOSED" });
    expect(await applyAccessReview(db, await actorOf("ava"), { reviewId }, ctx(at(8)))).toMatchObject({
      ok: false,
      reason: "REVIEW_CLOSED",
    });
  });
});

describe("a review applied by the background sweep on its due date", () => {
  it("unanswered holders are removed when the review says so, without an actor; a holder already gone stays gone", async () => {
    const started = (await startAccessReview(
      db,
      await actorOf("evan"),
      await spec({
        name: "Sandbox",
        environmentIds: [await envId("sandbox")],
        reviewerIds: "tenant_admins",
        unanswered: "remove",
        recurrenceDays: null,
      }),
      ctx(),
    )) as { ok: true; reviewId: number; items: number };
    expect(started.items).toBe(1);
    expect(await applyDueReviews(db, at(14))).toBe(1);
    expect(await holdsDma("bob", "sandbox")).toBe(false);
    expect((await events("RoleRemoved")).at(-1)).toMatchObject({
      actor_upn: null,
      reason: 'Access review "Sandbox": not answered, and the review removes unanswered holders.',
    });
    expect(await getAccessReview(db, await actorOf("ava"), started.reviewId, at(14))).toMatchObject({
      appliedBy: "Background sweep (due date)",
      nextReviewId: null,
    });
    expect(await applyDueReviews(db, at(14))).toBe(0);
  });

  it("a holder removed before the review is applied is 'no longer held', not removed twice", async () => {
    const started = (await startAccessReview(
      db,
      await actorOf("ava"),
      await spec({ name: "Again", recurrenceDays: null }),
      ctx(),
    )) as {
      reviewId: number;
    };
    const item = await itemIdOf(started.reviewId, "dana");
    await answerReviewItems(
      db,
      await actorOf("evan"),
      { reviewId: started.reviewId, itemIds: [item], decision: "remove", note: null },
      ctx(),
    );
    await run(
      "delete from user_role_assignments where environment_user_id = ? and role_id in (select id from security_roles where key = 'delegated_mailbox_approver')",
      await envUserId("dana"),
    );
    const removedBefore = (await events("RoleRemoved")).length;
    expect(await applyAccessReview(db, await actorOf("ava"), { reviewId: started.reviewId }, ctx())).toMatchObject({
      counts: { gone: 1, flagged: 1, removed: 0 },
    });
    expect(await events("RoleRemoved")).toHaveLength(removedBefore);
  });
});
