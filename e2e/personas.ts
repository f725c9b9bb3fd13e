import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { REVIEWS } from "./fixtures/review-people";
import { AGES, NOTIFY } from "./notifications/people";

/**
 * The people specs act as, each signed in once by e2e/sign-in.setup.ts, which keeps their session
 * (Playwright's storageState) in e2e/.auth/<alias>.json. Specs reuse it instead of signing in again;
 * only sign-in.spec.ts, and tests about signing in or out, use the form.
 *
 * A kept session is shared by every spec: a test must never end it. Sign out, "Sign out
 * everywhere", a changed password, or disabling the person or removing their last tenant role
 * (both revoke every session) need a person of the test's own, signed in through the form.
 */
export const PERSONAS = {
  ava: "Ava Alvarez",
  evan: "Evan Evans",
  paula: "Paula Park",
  sam: "Sam Sato",
  dana: "Dana Diaz",
  bob: "Bob Brown",
  cora: "Cora Chen",
  user06: "Finley Adams",
  user12: "Blake Baker",
  // Contoso Reviews' own people (e2e/fixtures/review-environment.ts).
  [REVIEWS.delegator.alias]: REVIEWS.delegator.name,
  [REVIEWS.holders.hugo.alias]: REVIEWS.holders.hugo.name,
  [REVIEWS.holders.tess.alias]: REVIEWS.holders.tess.name,
  // Contoso Notify's and Contoso Queue Ages' people (e2e/fixtures/notify-environment.ts).
  [NOTIFY.nadia.alias]: NOTIFY.nadia.name,
  [NOTIFY.omar.alias]: NOTIFY.omar.name,
  [NOTIFY.olive.alias]: NOTIFY.olive.name,
  [NOTIFY.pete.alias]: NOTIFY.pete.name,
  [NOTIFY.una.alias]: NOTIFY.una.name,
  [AGES.vera.alias]: AGES.vera.name,
} as const;
export type Persona = keyof typeof PERSONAS;

export const storageStateOf = (alias: Persona) => path.resolve("e2e", ".auth", `${alias}.json`);

type Context = Awaited<ReturnType<Browser["newContext"]>>;
type KeptState = { cookies: Parameters<Context["addCookies"]>[0]; origins: unknown[] };

const keptStates = new Map<Persona, KeptState>();
/** A persona's kept session as e2e/sign-in.setup.ts wrote it (read once per worker). */
function keptState(alias: Persona): KeptState {
  let state = keptStates.get(alias);
  if (!state) {
    state = JSON.parse(fs.readFileSync(storageStateOf(alias), "utf8")) as KeptState;
    // The portal keeps nothing in the browser's storage, so a session is its cookies alone: a kept
    // state with local storage would need restoring too, which signedIn does not do.
    if (state.origins.length)
      throw new Error(`${alias}'s kept session has web storage; signedIn restores cookies only`);
    keptStates.set(alias, state);
  }
  return state;
}

/** A worker's context and the page that keeps its renderer process alive between tests. */
type Warm = { context: Context; anchor: Page };

/**
 * The test fixture specs use: `signedIn("sam")` opens a new page signed in as sam by his kept
 * session, in a browser context no other page of the test uses (several people in one test each
 * get their own).
 *
 * The contexts are the worker's, handed from test to test, so a test's first page load finds the
 * portal's scripts in the HTTP cache and a renderer process ready, with the scripts compiled:
 * - a context only ever serves one person. Every response renews the session cookie, and one still
 *   in flight when the previous test's pages closed can set it after the handover: a context once
 *   handed from evan to bob showed bob's test evan's pages (fresh clone 15, session 13);
 * - a context starts each test with exactly the person's kept cookies (every other cookie cleared)
 *   and no granted permissions; the test's pages close when it ends (a failed test's contexts
 *   close instead, which keeps their trace and the page's snapshot for the report);
 * - the HTTP cache holds only the immutable scripts and styles: every page and RSC answer is
 *   "no-store";
 * - an anchor page (robots.txt) keeps the context's renderer process alive, which
 *   --process-per-site (playwright.config.ts) gives every page of the portal in that context.
 * Measured on 24 page loads (two pages, each load in a page of its own; cgroup CPU s of Chromium,
 * the runner and the server, on a busy machine): a fresh context per load 48–54, a kept context
 * 47–48, a kept context with its renderer process 36–37. Contexts are kept apart by the options a
 * spec may set with test.use (viewport, time zone, …).
 */
export const test = base.extend<
  {
    signedIn: (alias: Persona) => Promise<Page>;
  },
  { warmContexts: Map<string, Warm[]> }
>({
  warmContexts: [
    async ({}, provide) => {
      const pool = new Map<string, Warm[]>();
      await provide(pool);
      await Promise.all([...pool.values()].flat().map(({ context }) => context.close()));
    },
    { scope: "worker" },
  ],
  signedIn: async (
    { browser, warmContexts, viewport, timezoneId, colorScheme, locale, ignoreHTTPSErrors, baseURL },
    provide,
    testInfo,
  ) => {
    const options = JSON.stringify({ viewport, timezoneId, colorScheme, locale, ignoreHTTPSErrors, baseURL });
    const taken: { warm: Warm; free: Warm[] }[] = [];
    await provide(async (alias) => {
      const key = `${alias} ${options}`;
      const free = warmContexts.get(key) ?? [];
      warmContexts.set(key, free);
      let warm = free.pop();
      if (!warm) {
        const context = await browser.newContext({ storageState: undefined });
        const anchor = await context.newPage();
        await anchor.goto("/robots.txt");
        warm = { context, anchor };
      }
      taken.push({ warm, free });
      await warm.context.clearCookies();
      await warm.context.addCookies(keptState(alias).cookies);
      await warm.context.clearPermissions();
      return warm.context.newPage();
    });
    const failed = testInfo.status !== testInfo.expectedStatus;
    for (const { warm, free } of taken) {
      const pages = warm.context.pages().filter((page) => page !== warm.anchor);
      if (failed) {
        await warm.anchor.close();
        await warm.context.close();
      } else
        await Promise.all(pages.map((page) => page.close())).then(
          () => free.push(warm),
          () => warm.context.close(), // a page that cannot close takes its context with it
        );
    }
  },
});

export { expect };
