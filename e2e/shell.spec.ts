import { expect, test } from "@playwright/test";
import { signInAndWait } from "./helpers";

test("the environments list shows both environments", async ({ page }) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  const grid = page.getByRole("table", { name: "Environments" });
  await expect(grid.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  await expect(grid.getByRole("link", { name: "Contoso Sandbox" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText("Contoso Ltd");
});

test("the Production overview counts users, mailboxes by status and DMA holders", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  await page.getByRole("table", { name: "Environments" }).getByRole("link", { name: "Contoso Production" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contoso Production" })).toBeVisible();
  const mailboxes = page.getByRole("region", { name: "Mailboxes by email address status" });
  // Only counts no other test changes (tests run in parallel on one database). Not Inactive:
  // production-tande.spec deactivates and reactivates Harper Baker while this may run.
  await expect(mailboxes.getByRole("link", { name: /^Approved \d+$/ })).toHaveAttribute(
    "href",
    "/environments/production/mailboxes?view=approved",
  );
  const users = page.getByRole("region", { name: "Users" });
  await expect(users.getByText("Disabled").locator("..")).toContainText("1");
  await expect(page.getByRole("region", { name: "Delegated Mailbox Approvers" })).toBeVisible();
});

test("the left navigation opens an environment's pages", async ({ page }) => {
  await signInAndWait(page, "dana", "Dana Diaz");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Contoso Production" }).click();
  await nav.getByRole("link", { name: "Server profiles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Server profiles" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Server profiles" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Production");
});

test("the environment switcher keeps the page and changes the environment", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  await page.goto("/environments/production/teams");
  await page.getByRole("button", { name: "Environment, Contoso Production" }).click();
  await page.getByRole("list", { name: "Environments" }).getByRole("link", { name: "Contoso Sandbox" }).click();
  await expect(page).toHaveURL(/\/environments\/sandbox\/teams$/);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Sandbox");
});

test("a Basic User lands on their own mailbox and sees no admin pages", async ({ page }) => {
  await signInAndWait(page, "bob", "Bob Brown");
  await expect(page).toHaveURL(/\/my-mailbox$/);
  const mine = page.getByRole("table", { name: "My mailboxes" });
  await expect(mine.getByRole("row", { name: /Contoso Production/ })).toContainText("Approved");
  await expect(mine.getByRole("row", { name: /Contoso Sandbox/ })).toContainText("Pending Approval");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contoso Production" }),
  ).toHaveCount(0);
  await page.goto("/environments/production");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByRole("status", { name: "You cannot see the audit log" })).toBeVisible();
});

test("a System Customizer reads Production but not its email settings, and never sees Sandbox", async ({ page }) => {
  await signInAndWait(page, "cora", "Cora Chen");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Contoso Sandbox" })).toHaveCount(0);
  await page.goto("/environments/production/settings/email");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto("/environments/sandbox");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("an unknown address gets the friendly not-found page", async ({ page }) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  await page.goto("/environments/does-not-exist");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Environments" })).toBeVisible();
});
