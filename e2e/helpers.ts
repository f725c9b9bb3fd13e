import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Contoso-Demo-1";
export const upn = (alias: string) => `${alias}@contoso.com`;

/** Signs in through the real form, as a person does. */
export async function signIn(page: Page, alias: string, password = DEMO_PASSWORD) {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(upn(alias));
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-in",
  );
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Wait for the server's answer, so the next attempt never races the previous one.
  await answered;
}

export async function signInAndWait(page: Page, alias: string, name: string) {
  await signIn(page, alias);
  await expect(accountMenu(page, name)).toBeVisible();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

export function refusal(page: Page) {
  return page.getByRole("alert", { name: "Sign-in refused" });
}

export function accountMenu(page: Page, name: string) {
  return page.getByRole("button", { name: `Account menu for ${name}` });
}
