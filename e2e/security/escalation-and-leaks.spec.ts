import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./e2e-db";
import type { APIRequestContext } from "@playwright/test";
import { callAction, form, signedInClient } from "./server-actions";

// Issue 11's escalation and cross-environment attacks, replayed through HTTP with the attacker's
// own cookie and hand-made bodies, as they were found. Each asserts the refusal and that nothing
// changed. The data lives in "Contoso Security Review" (e2e/fixtures/security-environment.ts).

const TEAMS = "app/(portal)/environments/[slug]/teams/actions.ts";
const EMAIL_SETTINGS = "app/(portal)/environments/[slug]/settings/email/actions.ts";
const MAILBOXES = "app/(portal)/environments/[slug]/mailboxes/actions.ts";
const COMMANDS = "app/(portal)/environments/[slug]/mailboxes/command-actions.ts";

// Read-only, opened once per worker and left to close with it: fully parallel tests of this file
// may come back to a worker after its afterAll hook.
const db = e2eDatabase();

/** Approve / Reject as the dialog sends it: the pre-check, then OK with the pre-check's snapshot. */
async function runApproval(
  client: APIRequestContext,
  selection: Record<string, unknown>,
  operation: "approve" | "reject",
) {
  const precheck = await callAction(client, { file: MAILBOXES, name: "precheckAction" }, [{ ...selection, operation }]);
  const { snapshotId } = precheck.value as { snapshotId: string };
  const run = await callAction(client, { file: MAILBOXES, name: "runApprovalAction" }, [
    {
      slug: selection.slug,
      environmentId: selection.environmentId,
      operation,
      snapshotId,
      // A rejection needs a reason, as the dialog asks for one.
      ...(operation === "reject" ? { reason: "Sent by the security test." } : {}),
    },
  ]);
  return { precheck: precheck.value, run: run.value };
}

const envId = (slug: string) => db.one<{ id: number }>("select id from environments where slug = ?", slug).id;
const memberId = (slug: string, upn: string) =>
  db.one<{ id: number }>(
    "select eu.id from environment_users eu join directory_users d on d.id = eu.directory_user_id where eu.environment_id = ? and d.upn = ?",
    envId(slug),
    upn,
  ).id;

test.describe("team membership is role assignment", () => {
  for (const [alias, who] of [
    ["evan", "an Exchange Administrator"],
    ["user24", "a System Customizer"],
  ] as const) {
    test(`${who} holding only Write Team cannot add themselves to a team holding System Administrator`, async () => {
      const environmentId = envId("security-review");
      const team = db.one<{ id: number; version: number }>(
        "select id, version from teams where environment_id = ? and name = 'Admins by Team'",
        environmentId,
      );
      const self = memberId("security-review", `${alias}@contoso.com`);
      const events = () => db.count("select count(*) n from audit_events where environment_id = ?", environmentId);
      const members = () => db.count("select count(*) n from team_members where team_id = ?", team.id);
      const [eventsBefore, membersBefore] = [events(), members()];

      const attacker = await signedInClient(alias);
      const fields = {
        slug: "security-review",
        environmentId: String(environmentId),
        teamId: String(team.id),
        version: String(team.version),
        environmentUserId: String(self),
      };
      const reply = await callAction(
        attacker,
        { file: TEAMS, name: "addTeamMemberAction" },
        [{ status: "idle" }, form(fields)],
        `/environments/security-review/teams/${team.id}`,
      );

      expect(reply.status).toBe(200);
      expect(reply.value).toMatchObject({
        status: "refused",
        code: "0x80040220",
        reason: "NOT_SYSTEM_ADMIN",
        message: expect.stringContaining("Joining this team gives System Administrator"),
      });
      expect(members()).toBe(membersBefore);
      expect(events()).toBe(eventsBefore);

      // …and so they are still no System Administrator: the email settings stay closed to them.
      const settings = db.one<{ version: number }>(
        "select version from email_settings where environment_id = ?",
        environmentId,
      );
      const off = {
        processApprovedUsersOnly: false,
        processApprovedQueuesOnly: true,
        requirePrivilegeToSelfApprove: false,
        notifyMailboxOwner: false,
        approvalDigestMinutes: 60,
        defaultServerProfileId: null,
        defaultIncomingMethod: 2,
        defaultOutgoingMethod: 2,
        defaultActMethod: 1,
      };
      const save = await callAction(attacker, { file: EMAIL_SETTINGS, name: "saveEmailSettingsAction" }, [
        { slug: "security-review", environmentId, version: settings.version, values: off },
      ]);
      expect(save.value).toMatchObject({ status: "refused" });
      expect(events()).toBe(eventsBefore);
      await attacker.dispose();
    });
  }
});

test.describe("mailbox ids of other environments and other people", () => {
  test("a Basic User replaying approve, pre-check and commands over ids 1–60 of both environments learns no name and no existence", async () => {
    const bob = await signedInClient("bob");
    const own = new Set(
      db
        .all<{ id: number }>(
          "select m.id from mailboxes m join environment_users eu on eu.id = m.regarding_user_id join directory_users d on d.id = eu.directory_user_id where d.upn = 'bob@contoso.com'",
        )
        .map((r) => r.id),
    );
    // Changes only: a refused attempt on his own mailbox is logged as one (issue 17), a change is not made.
    const changeEvents = () =>
      db.count(
        "select count(*) n from audit_events where actor_upn = 'bob@contoso.com' and action like 'Mailbox%' and action not like '%Refused'",
      );
    const eventsBefore = changeEvents();
    // A version nobody has: a visible row would answer "changed since you loaded it", a hidden one must not.
    const items = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, version: 999 }));

    for (const slug of ["production", "sandbox"]) {
      const selection = { slug, environmentId: envId(slug), items };
      for (const operation of ["approve", "reject"] as const) {
        const { precheck, run } = await runApproval(bob, selection, operation);
        // Every id but his own mailbox (visible to him, answered for itself) is simply not found.
        const ownHere = items.filter(
          (i) =>
            own.has(i.id) &&
            db.count("select count(*) n from mailboxes where id = ? and environment_id = ?", i.id, envId(slug)) > 0,
        ).length;
        const refused = (precheck as { refused: { reason: string; count: number }[] }).refused;
        expect(refused.find((r) => r.reason === "NOT_VISIBLE")?.count).toBe(60 - ownHere);
        expect(refused.filter((r) => r.reason !== "NOT_VISIBLE").reduce((n, r) => n + r.count, 0)).toBeLessThanOrEqual(
          ownHere,
        );
        const outcomes = (run as { outcomes: { id: number; name: string; code: string; reason: string }[] }).outcomes;
        expect(outcomes).toHaveLength(60);
        for (const o of outcomes.filter((x) => !own.has(x.id)))
          expect(o).toMatchObject({ name: `#${o.id}`, code: "NOT_FOUND", reason: "NOT_VISIBLE" });
      }

      const command = await callAction(bob, { file: COMMANDS, name: "runMailboxCommandAction" }, [
        { ...selection, command: "deactivate" },
      ]);
      for (const o of (command.value as { id: number; name: string; code: string }[]).filter((x) => !own.has(x.id)))
        expect(o).toMatchObject({ name: `#${o.id}`, code: "NOT_FOUND" });
    }
    expect(changeEvents()).toBe(eventsBefore);
    await bob.dispose();
  });

  test("more ids than the environment holds are refused whole: no job, no event", async () => {
    const cora = await signedInClient("cora");
    const jobsBefore = db.count("select count(*) n from bulk_jobs");
    const items = Array.from({ length: 5_000 }, (_, i) => ({ id: i + 1, version: 1 }));
    const { run } = await runApproval(
      cora,
      { slug: "production", environmentId: envId("production"), items },
      "approve",
    );
    expect(run).toMatchObject({
      ok: false,
      reason: "INVALID_INPUT",
      message: expect.stringContaining("more mailboxes than this environment has"),
    });
    expect(
      db.count(
        "select count(*) n from bulk_jobs where started_by_id = (select id from directory_users where upn = 'cora@contoso.com')",
      ),
    ).toBe(0);
    expect(db.count("select count(*) n from bulk_jobs")).toBeGreaterThanOrEqual(jobsBefore);
    await cora.dispose();
  });

  test("a background run over Onboarding's 1,200 mailboxes, which the actor may see but approve none of, is refused whole: no job, no event", async () => {
    const drew = await signedInClient("user24");
    const actorEvents = () =>
      db.count(
        "select count(*) n from audit_events where actor_upn = 'user24@contoso.com' and action <> 'SignInSucceeded'",
      );
    const before = actorEvents();
    // Active, not Pending: background-approval.spec approves the pending ones meanwhile.
    const { run } = await runApproval(
      drew,
      { slug: "onboarding", environmentId: envId("onboarding"), matching: { view: "active", q: "" } },
      "approve",
    );
    expect(run).toMatchObject({
      ok: false,
      code: "0x80040256",
      message: expect.stringMatching(/^You cannot approve any of the 1,\d{3} selected mailboxes/),
    });
    expect(
      db.count(
        "select count(*) n from bulk_jobs where started_by_id = (select id from directory_users where upn = 'user24@contoso.com')",
      ),
    ).toBe(0);
    // Nothing changed; the refused attempt is one event of its own for the whole request (issue 17).
    expect(actorEvents()).toBe(before + 1);
    expect(
      db.one<{ action: string }>(
        "select action from audit_events where actor_upn = 'user24@contoso.com' order by seq desc limit 1",
      ).action,
    ).toBe("MailboxApprovalRefused");
    await drew.dispose();
  });
});

test("a Power Platform Administrator opens the audit log and exports it", async () => {
  const paula = await signedInClient("paula");
  const page = await paula.get("/audit");
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain("SignInSucceeded");
  const csv = await paula.get("/audit/export/csv");
  expect(csv.status()).toBe(200);
  expect((await csv.text()).split("\n").length).toBeGreaterThan(2);
  await paula.dispose();
});
