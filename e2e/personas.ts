import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { REVIEWS } from "./fixtures/review-people";
import { AGES, NOTIFY } from "./notifications/people";

/**
 * The people specs act as, each signed in once through the form by e2e/sign-in.setup.ts,
 * which keeps their session (Playwright's storageState) in e2e/.auth/<alias>.json. Specs reuse it
 * instead of signing in again; only sign-in.spec.ts, and tests about signing in or out, use the form.
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

/**
 * The test fixture specs use: `signedIn("sam")` opens a page in a browser context of its own,
 * signed in as sam by his kept session (several people in one test each get their own). The
 * contexts close when the test ends.
 */
export const test = base.extend<{ signedIn: (alias: Persona) => Promise<Page> }>({
  signedIn: async ({ browser }, provide) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await provide(async (alias) => {
      const context = await browser.newContext({ storageState: storageStateOf(alias) });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect };
