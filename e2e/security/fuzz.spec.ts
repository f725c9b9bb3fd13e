import { expect, test } from "@playwright/test";
import { replays } from "./fuzz-replays";
import { argsRequest, oddBodyRequest, undecodableRequest, unknownActionRequest } from "./fuzz-requests";
import { judge, sendAll, summarize, type FuzzJob } from "./fuzz-run";
import { demoFacts, fuzzTraces } from "./fuzz-traces";
import { randomFrom } from "./fuzz-values";
import { allActions, anonymousClient, callAction, form, signedInClient, type ActionRef } from "./server-actions";

// Issue 11: malformed input answers 4xx or a refusal, never 5xx, and changes nothing. Each test
// has its seed (repeatable payloads), and a marker and User-Agent of its own: its traces in the
// database are then its own while other specs change the same database in parallel.
const USERS = ["ava", "bob"] as const;
// A bound, not a wait: about 30 s alone; beside the rest of the suite on two shared cores, minutes at load 20.
test.describe.configure({ timeout: 300_000 });
const findAddableUsers: ActionRef = {
  file: "app/(portal)/environments/[slug]/users/actions.ts",
  name: "findAddableUsersAction",
};

async function fuzzSession(seed: number) {
  const marker = `fz${seed.toString(36)}${Date.now().toString(36)}`;
  const userAgent = `mailgate-fuzz/${marker}`;
  const clients = {
    ava: await signedInClient("ava", undefined, { userAgent }),
    bob: await signedInClient("bob", undefined, { userAgent }),
  };
  const signedOut = await anonymousClient({ userAgent });
  const actions = allActions();
  expect(actions.length, "the build's server actions").toBeGreaterThan(20);
  /**
   * Who sends the requests for an action. One that reads no argument (Next's id starts "00": no
   * argument used) has no input to malform, and signed in it would just do its work (Sign out
   * everywhere would end every session of ava's in the other specs): it gets them signed out,
   * on the public sign-in page so that it runs, and must answer with the sign-in page.
   */
  const sender = (who: (typeof USERS)[number], target: { id: string; name: string }): Omit<FuzzJob, "send"> =>
    target.id.startsWith("00")
      ? { who: "signed out", action: target.name, client: signedOut, path: "/sign-in", isSignedOut: true }
      : { who, action: target.name, client: clients[who] };
  return { r: randomFrom(seed), marker, clients, sender, actions, traces: () => fuzzTraces(marker, userAgent) };
}

test("over 1,000 malformed requests to every server action answer a refusal or 4xx, never an error, and change nothing", async () => {
  const { r, marker, clients, sender, actions, traces } = await fuzzSession(11_2026);
  const jobs: FuzzJob[] = [];
  // About 1,100 requests however many actions the app has (each new action used to add 38 and
  // push the test past its time): at least 5 malformed argument lists per action and user. With
  // 51 actions: 8 argument lists and 2 odd bodies per action and user, 40 unknown actions, the replays.
  const argsPerAction = Math.max(5, Math.ceil(1_000 / (USERS.length * actions.length)) - 2);
  for (const who of USERS) {
    for (const target of actions) {
      const job = sender(who, target);
      for (let i = 0; i < argsPerAction; i++) jobs.push({ ...job, send: argsRequest(target, r, marker) });
      for (let i = 0; i < 2; i++) jobs.push({ ...job, send: oddBodyRequest(target, r, marker) });
    }
    for (let i = 0; i < 20; i++)
      jobs.push({ who, action: "(unknown)", client: clients[who], send: unknownActionRequest(r, marker) });
  }
  const facts = demoFacts();
  const cases = replays(marker, facts);

  const before = traces();
  const started = Date.now();
  const results = await sendAll(jobs);
  const replayed = await Promise.all(
    cases.map(async (c) => ({ c, reply: await callAction(clients[c.as], c.action, c.args) })),
  );
  const after = traces();

  const { failures, statuses } = summarize(results, ({ job, reply }) => judge(reply, job));
  for (const { c, reply } of replayed) {
    const problem =
      judge(reply, {}) ??
      (c.isExpected(reply) ? null : `unexpected answer ${reply.status}: ${reply.body.slice(0, 300)}`);
    if (problem) failures.push(`${c.as} replay "${c.label}": ${problem}`);
  }
  const total = results.length + replayed.length;
  console.log(
    `fuzz: ${total} malformed requests (${replayed.length} replays) over ${actions.length} actions in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(statuses)}`,
  );

  expect(total).toBeGreaterThanOrEqual(1000);
  expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
  expect(after, "what the requests left in the database").toEqual(before);
  // Both sessions lived through the run, so every request reached its action signed in.
  for (const who of USERS) {
    const reply = await callAction(clients[who], findAddableUsers, [{ environmentId: facts.onboardingId, q: "zz" }]);
    expect(reply.redirect, `${who} is still signed in`).toBeNull();
  }

  // The check sees a real change: one legitimate write through the same client shows in both counts.
  const probe = await callAction(
    clients.ava,
    { file: "app/(portal)/environments/[slug]/roles/actions.ts", name: "createRoleAction" },
    [
      { status: "idle" },
      form({
        slug: "onboarding",
        environmentId: String(facts.onboardingId),
        name: `Fuzz probe ${marker}`,
        "depth.prvReadMailbox": "user",
      }),
    ],
  );
  expect(probe.redirect, probe.body.slice(0, 300)).toMatch(/^\/environments\/onboarding\/roles\/\d+$/);
  const probed = traces();
  expect(probed.auditEvents).toBe(before.auditEvents + 1);
  expect(probed.markedRows.security_roles).toBe((before.markedRows.security_roles ?? 0) + 1);
});

test("bodies the framework cannot decode are refused before any action runs, and change nothing", async () => {
  const { r, marker, actions, sender, traces } = await fuzzSession(11_2027);
  const jobs: FuzzJob[] = [];
  for (const who of USERS) {
    for (const target of actions) {
      for (let i = 0; i < 3; i++) {
        const { send, isFlightRemainder } = undecodableRequest(target, r, marker);
        jobs.push({ ...sender(who, target), send, mayFailInFramework: isFlightRemainder });
      }
    }
  }
  const before = traces();
  const results = await sendAll(jobs);
  const after = traces();

  const { failures, statuses } = summarize(results, ({ job, reply }) => {
    if (reply.status >= 400 && reply.status < 500) return null;
    // What only React's decoder can refuse: it fails there, before any action (README).
    if (job.mayFailInFramework) return null;
    return `answered ${reply.status}, not a 4xx: ${judge(reply, job) ?? reply.body.slice(0, 200)}`;
  });
  console.log(
    `fuzz: ${results.length} undecodable bodies over ${actions.length} actions; statuses ${JSON.stringify(statuses)}`,
  );

  expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
  expect(after, "what the requests left in the database").toEqual(before);
});
