import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, refusal, signIn } from "../helpers";
import { e2eDatabase } from "./e2e-db";
import { SIGN_IN_ACCOUNTS } from "./sign-in-accounts";
import {
  auditEventsAbout,
  baseURL,
  newClient,
  outcomeOf,
  postCredentials,
  signedIn,
  signInOver,
  testAddress,
} from "./sign-in-http";

const GENERIC = "Email or password is incorrect. If you are sure both are right, ask a Global Administrator.";

// The unit tests hash at argon2id's lowest cost (lib/auth/password.ts); the portal and its seed never do.
test("every password the portal keeps is hashed with argon2id at the library's default cost", () => {
  const db = e2eDatabase();
  try {
    const hashes = db.all<{ hash: string }>(
      "select password_hash as hash from directory_users where password_hash is not null",
    );
    expect(hashes.length).toBeGreaterThan(10);
    for (const { hash } of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  } finally {
    db.close();
  }
});

test("50 concurrent wrong passwords for one account: at most 5 are checked, the rest are refused unchecked", async ({}, testInfo) => {
  const { upn } = SIGN_IN_ACCOUNTS.wrongBurst;
  const client = await newClient(testAddress(testInfo.title));
  const outcomes = await Promise.all(
    Array.from({ length: 50 }, (_, i) => postCredentials(client, upn, `wrong-${i}`).then(outcomeOf)),
  );
  expect(outcomes).not.toContain("signed-in");

  const events = await auditEventsAbout(upn);
  const checked = events.filter((e) => e.action === "SignInFailed").length;
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(5);
  expect(events.filter((e) => e.action === "SignInThrottled")).toHaveLength(50 - checked);
  expect(outcomes.filter((o) => o === "invalid").length).toBeLessThan(checked);
  expect(await signInOver(client, upn, DEMO_PASSWORD)).toBe("throttled");
});

test("a burst of 49 wrong passwords with the right one sent last: the right one is refused and the lock stays", async ({}, testInfo) => {
  const { upn } = SIGN_IN_ACCOUNTS.rightLast;
  const client = await newClient(testAddress(testInfo.title));
  // All fifty in flight at once, as the attack was found: before the fix, none saw the others' failures.
  const passwords = [...Array.from({ length: 49 }, (_, i) => `wrong-${i}`), DEMO_PASSWORD];
  const outcomes = await Promise.all(
    passwords.map((password) => postCredentials(client, upn, password).then(outcomeOf)),
  );
  expect(outcomes.at(-1)).toBe("throttled");
  expect(outcomes).not.toContain("signed-in");
  expect(await signInOver(client, upn, DEMO_PASSWORD)).toBe("throttled");
  const events = await auditEventsAbout(upn);
  expect(events.filter((e) => e.action === "SignInSucceeded")).toHaveLength(0);
  expect(events.filter((e) => e.action === "SignInFailed").length).toBeLessThanOrEqual(5);
});

test("one address failing on many accounts is slowed down, without locking the account out for anyone else", async ({}, testInfo) => {
  test.slow(); // a hundred password checks
  const spraying = await newClient(testAddress(testInfo.title));
  const tries = Array.from({ length: 110 }, (_, i) =>
    postCredentials(spraying, `sprayed-${i}@contoso.com`, "Summer2026!").then(outcomeOf),
  );
  const outcomes = await Promise.all(tries);
  expect(outcomes.filter((o) => o === "throttled").length).toBeGreaterThanOrEqual(10);
  const { upn } = SIGN_IN_ACCOUNTS.sprayed;
  expect(await signInOver(spraying, upn)).toBe("throttled");
  expect((await auditEventsAbout(upn)).map((e) => [e.action, e.reason])).toEqual([
    ["SignInThrottled", "ADDRESS_THROTTLED"],
  ]);
  expect(await signInOver(await newClient(testAddress(`${testInfo.title} (owner)`)), upn)).toBe("signed-in");
});

test("a disabled account with the right password gets the same answer as a wrong password or an unknown email", async ({
  page,
}, testInfo) => {
  const client = await newClient(testAddress(testInfo.title));
  const answers = await Promise.all(
    [
      [SIGN_IN_ACCOUNTS.disabled.upn, DEMO_PASSWORD],
      [SIGN_IN_ACCOUNTS.callback.upn, "not-the-password"],
      ["nobody-at-all@contoso.com", DEMO_PASSWORD],
    ].map(
      async ([email, password]) =>
        new URL((await postCredentials(client, email!, password!)).headers()["location"]!).search,
    ),
  );
  expect(answers).toEqual(Array(3).fill("?error=CredentialsSignin&code=invalid"));

  await signIn(page, "signin-disabled");
  await expect(refusal(page)).toHaveText(new RegExp(GENERIC.replaceAll(".", "\\.")));
  await expect(refusal(page)).not.toContainText("disabled");
  const reasons = (await auditEventsAbout(SIGN_IN_ACCOUNTS.disabled.upn)).map((e) => e.reason);
  expect(reasons).toEqual(["USER_DISABLED", "USER_DISABLED"]);
});

const BAD_CALLBACKS = [
  "/\t/evil.example/phish",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/a\r\nSet-Cookie: stolen=1",
  "/\\evil.example",
  "\\\\evil.example",
  "//evil.example",
  "///evil.example",
  "/.//evil.example",
  "https://evil.example/phish",
  "/%2F%2Fevil.example",
  "/\0",
  "/é/ünïcode",
  "/\u2028//evil.example",
  "javascript:alert(1)",
];

const isOurs = (location: string) => {
  const url = new URL(location, baseURL());
  return url.origin === baseURL() && !location.startsWith("//") && /^[\x21-\x7e]*$/.test(location);
};

test("a bad callbackUrl never leaves our origin and never answers 5xx, signed out or signed in", async ({}, testInfo) => {
  const { upn } = SIGN_IN_ACCOUNTS.callback;
  const visitor = await newClient(testAddress(testInfo.title));
  const member = await signedIn(upn, testAddress(`${testInfo.title} (member)`));
  const rawQueries = ["%E9", "%00", "%ZZ", "%0D%0ALocation:%20http://evil.example"].map(
    (q) => `/sign-in?callbackUrl=${q}`,
  );
  const pages = [...BAD_CALLBACKS.map((raw) => `/sign-in?callbackUrl=${encodeURIComponent(raw)}`), ...rawQueries];
  for (const path of pages) {
    const signedOut = await visitor.http.get(path, { maxRedirects: 0 });
    expect(signedOut.status(), path).toBe(200);
    const kept = /name="callbackUrl" value="([^"]*)"/.exec(await signedOut.text())?.[1];
    expect(kept && isOurs(kept), `${path} keeps ${kept}`).toBe(true);

    const already = await member.http.get(path, { maxRedirects: 0 });
    expect(already.status(), path).toBe(307);
    expect(isOurs(already.headers()["location"]!), `${path} → ${already.headers()["location"]}`).toBe(true);
  }
  for (const raw of BAD_CALLBACKS) {
    const response = await postCredentials(
      await newClient(testAddress(`${testInfo.title} ${raw}`)),
      upn,
      DEMO_PASSWORD,
      raw,
    );
    expect(outcomeOf(response)).toBe("signed-in");
    expect(isOurs(response.headers()["location"]!), `${JSON.stringify(raw)} → ${response.headers()["location"]}`).toBe(
      true,
    );
  }
});

test("signing in for real with a tab-smuggled callbackUrl ends on our own origin", async ({ page }) => {
  await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example%2Fphish");
  await signIn(page, "signin-callback");
  await expect(page).not.toHaveURL(/\/sign-in/);
  expect(new URL(page.url()).origin).toBe(baseURL());
  expect(new URL(page.url()).pathname).toBe("/");
});
