import { expect, test, type BrowserContext } from "@playwright/test";
import { accountMenu, signInAndWait } from "../helpers";
import { SIGN_IN_ACCOUNTS } from "./sign-in-accounts";
import { auditEventsAbout, signedIn, visitWithCookie } from "./sign-in-http";

const SIGNED_IN = { status: 200, location: null };
const SENT_TO_SIGN_IN = { status: 307, location: "/sign-in" };

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  if (!cookie) throw new Error("not signed in");
  return `${cookie.name}=${cookie.value}`;
}

test("after Sign out, a copy of the old cookie is signed out too", async ({ page, context }) => {
  const { upn, name } = SIGN_IN_ACCOUNTS.signOut;
  await signInAndWait(page, "signin-signout", name);
  const cookie = await sessionCookie(context);
  expect(await visitWithCookie("/", cookie)).toEqual(SIGNED_IN);

  await accountMenu(page, name).click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  expect(await visitWithCookie("/", cookie)).toEqual(SENT_TO_SIGN_IN);
  expect(await visitWithCookie("/tenant/users", cookie)).toEqual(SENT_TO_SIGN_IN);
  expect((await auditEventsAbout(upn)).map((e) => e.action)).toContain("SignedOut");
});

test("Auth.js's own sign-out endpoint ends the server-side session as well", async () => {
  const { upn } = SIGN_IN_ACCOUNTS.signOut;
  const client = await signedIn(upn, "198.51.100.77");
  expect(await visitWithCookie("/", client.cookie)).toEqual(SIGNED_IN);
  const response = await client.http.post("/api/auth/signout", {
    form: { csrfToken: client.csrfToken },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(await visitWithCookie("/", client.cookie)).toEqual(SENT_TO_SIGN_IN);
});

test("Sign out everywhere, from another browser, signs out the first one's cookie", async ({ page }) => {
  const { upn, name } = SIGN_IN_ACCOUNTS.everywhere;
  const elsewhere = await signedIn(upn, "198.51.100.78");
  expect(await visitWithCookie("/", elsewhere.cookie)).toEqual(SIGNED_IN);

  await signInAndWait(page, "signin-everywhere", name);
  await accountMenu(page, name).click();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);

  expect(await visitWithCookie("/", elsewhere.cookie)).toEqual(SENT_TO_SIGN_IN);
  const everywhere = (await auditEventsAbout(upn)).filter((e) => e.action === "SignedOutEverywhere");
  expect(everywhere).toHaveLength(1);
});
