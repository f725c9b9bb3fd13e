import { expect, test, type APIRequestContext } from "@playwright/test";
import { argsRequest, rawRequest, unknownActionRequest, type Sent } from "./fuzz-requests";
import { replays } from "./fuzz-replays";
import { demoFacts, fuzzTraces } from "./fuzz-traces";
import { randomFrom } from "./fuzz-values";
import { allActions, callAction, form, readReply, signedInClient, type ActionReply } from "./server-actions";
import { judge } from "./fuzz-verdict";

// Issue 11: malformed input answers 4xx or a refusal, never 5xx, and changes nothing. The seed
// makes the run repeatable; the marker and User-Agent make its traces its own while other specs
// change the same database in parallel.
const SEED = 11_2026;
const ARGS_PER_ACTION = 16;
const RAW_PER_ACTION = 3;
const UNKNOWN_IDS = 40;
const CONCURRENCY = 4;

type Job = { user: string; action: string; client: APIRequestContext; send: (client: APIRequestContext) => Promise<Sent>; isSignOut: boolean };

/** One request and its answer; a request the server never answers is a failure, not a crash of the run. */
async function sendOne(job: Job): Promise<{ job: Job; label: string; reply: ActionReply | null }> {
  try {
    const sent = await job.send(job.client);
    return { job, label: sent.label, reply: await readReply(sent.response) };
  } catch (error) {
    return { job, label: String(error).slice(0, 200), reply: null };
  }
}

async function runAll<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

test("over 1,000 malformed requests spread over every server action: no 5xx, no error row, nothing changed", async () => {
  const r = randomFrom(SEED);
  const marker = `fz${Date.now().toString(36)}`;
  const userAgent = `mailgate-fuzz/${marker}`;
  const clients = { ava: await signedInClient("ava", undefined, { userAgent }), bob: await signedInClient("bob", undefined, { userAgent }) };
  // Sign-out ends the session it is sent with (an expected change), so it gets sessions of its own.
  const signOutClients = { ava: await signedInClient("ava", undefined, { userAgent: `${userAgent} sign-out` }), bob: await signedInClient("bob", undefined, { userAgent: `${userAgent} sign-out` }) };
  const actions = allActions();
  expect(actions.length, "the build's server actions").toBeGreaterThan(20);

  const jobs: Job[] = [];
  for (const user of ["ava", "bob"] as const) {
    for (const target of actions) {
      const isSignOut = target.name === "signOutAction";
      const client = isSignOut ? signOutClients[user] : clients[user];
      for (let i = 0; i < ARGS_PER_ACTION; i++) jobs.push({ user, action: target.name, client, send: argsRequest(target, r, marker), isSignOut });
      for (let i = 0; i < RAW_PER_ACTION; i++) jobs.push({ user, action: target.name, client, send: rawRequest(target, r, marker), isSignOut });
    }
    for (let i = 0; i < UNKNOWN_IDS / 2; i++) jobs.push({ user, action: "(unknown)", client: clients[user], send: unknownActionRequest(r, marker), isSignOut: false });
  }
  const facts = demoFacts();
  const cases = replays(marker, facts);

  const before = fuzzTraces(marker, userAgent);
  const started = Date.now();
  const fuzzed = await runAll(jobs.map((job) => () => sendOne(job)), CONCURRENCY);
  const replayed = await runAll(cases.map((c) => async () => ({ c, reply: await callAction(clients[c.as], c.action, c.args) })), CONCURRENCY);
  const after = fuzzTraces(marker, userAgent);
  const seconds = (Date.now() - started) / 1000;

  const failures: string[] = [];
  const statuses = new Map<string, number>();
  for (const { job, label, reply } of fuzzed) {
    const status = reply ? String(reply.status) : "none";
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const problem = reply ? judge(reply, job.isSignOut) : "no answer";
    if (problem) failures.push(`${job.user} ${job.action} (${label}): ${problem}`);
  }
  for (const { c, reply } of replayed) {
    statuses.set(String(reply.status), (statuses.get(String(reply.status)) ?? 0) + 1);
    const problem = judge(reply, false) ?? (c.isExpected(reply) ? null : `unexpected answer ${reply.status} ${reply.body.slice(0, 300)}`);
    if (problem) failures.push(`${c.as} replay "${c.label}": ${problem}`);
  }
  const total = fuzzed.length + replayed.length;
  console.log(`fuzz: ${total} requests over ${actions.length} actions in ${seconds.toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);

  expect(total).toBeGreaterThanOrEqual(1000);
  expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
  expect(after, "rows the fuzz left behind").toEqual(before);

  // Both sessions lived through the run, so every request reached its action signed in.
  for (const user of ["ava", "bob"] as const) {
    const reply = await callAction(clients[user], { file: "app/(portal)/environments/[slug]/users/actions.ts", name: "findAddableUsersAction" }, [{ environmentId: facts.onboardingId, q: "zz" }]);
    expect(reply.redirect, `${user} is still signed in`).toBeNull();
  }

  // The detector sees a real change: one legitimate write through the same client shows up.
  const probe = await callAction(clients.ava, { file: "app/(portal)/environments/[slug]/roles/actions.ts", name: "createRoleAction" }, [
    { status: "idle" },
    form({ slug: "onboarding", environmentId: String(facts.onboardingId), name: `Fuzz probe ${marker}`, "depth.prvReadMailbox": "user" }),
  ]);
  expect(probe.redirect, probe.body.slice(0, 300)).toMatch(/^\/environments\/onboarding\/roles\/\d+$/);
  const probed = fuzzTraces(marker, userAgent);
  expect(probed.auditEvents).toBe(before.auditEvents + 1);
  expect(probed.markedRows.security_roles).toBe((before.markedRows.security_roles ?? 0) + 1);
});
