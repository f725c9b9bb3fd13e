import { expect, test } from "@playwright/test";
import { accountMenu, refusal, signIn, signInAndWait } from "./helpers";
import { PERSONAS } from "./personas";

const WHO_MAY_SIGN_IN = [
  ["ava", "Ava Alvarez"],
  ["evan", "Evan Evans"],
  ["paula", "Paula Park"],
  ["sam", "Sam Sato"],
  ["dana", "Dana Diaz"],
  ["bob", "Bob Brown"],
  ["nina", "Nina Novak"],
  ["cora", "Cora Chen"],
  ["lena", "Lena Lopez"],
  ["mark", "Mark Miller"],
  ["user01", "Alex Adams"],
  ["user40", "Jordan Davis"],
] as const;

// The personas specs act as sign in the same way in e2e/sign-in.setup.ts, which every spec waits for.
for (const [alias, name] of WHO_MAY_SIGN_IN.filter(([alias]) => !(alias in PERSONAS))) {
  test(`${alias} signs in and sees their name`, async ({ page }) => {
    await signInAndWait(page, alias, name);
  });
}

test("a wrong password gets the generic message and no hint", async ({ page }) => {
  await signIn(page, "user38", "not-the-password");
  await expect(refusal(page)).toContainText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an unknown email gets exactly the same message", async ({ page }) => {
  await signIn(page, "nobody-here", "whatever-password");
  await expect(refusal(page)).toContainText("Email or password is incorrect.");
});

test("a disabled user (dave) is refused with the same message as a wrong password", async ({ page }) => {
  await signIn(page, "dave");
  await expect(refusal(page)).toContainText("Email or password is incorrect.");
  await expect(refusal(page)).not.toContainText("disabled");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("after 5 failures the next attempt waits, even with the right password, and the page says for how long", async ({
  page,
}) => {
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, "user39", `wrong-${attempt}`);
    await expect(refusal(page)).toContainText("Email or password is incorrect.");
  }
  await signIn(page, "user39", "wrong-5");
  await expect(refusal(page)).toContainText(/Too many failed sign-in attempts\. Try again in \d+ seconds\./);
  await signIn(page, "user39");
  await expect(refusal(page)).toContainText(/Too many failed sign-in attempts\. Try again in \d+ seconds?\./);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-out visit goes to sign-in and comes back to the page asked for", async ({ page }) => {
  await page.goto("/environments/production/mailboxes?view=pending");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signIn(page, "sam");
  await expect(page).toHaveURL(/\/environments\/production\/mailboxes\?view=pending$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mailboxes" })).toBeVisible();
});

test("signing out from the user menu ends the session", async ({ page }) => {
  await signInAndWait(page, "nina", "Nina Novak");
  await accountMenu(page, "Nina Novak").click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The sign-in form drawn: the sign-out's navigation is over before the next one starts.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await page.goto("/my-mailbox");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fmy-mailbox/);
});

test("an empty form says what is missing next to each field", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Enter your email.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
});
