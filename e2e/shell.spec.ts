import type { Locator } from "@playwright/test";
import { expect, test } from "./personas";

/** The number a Stat shows beside its label. */
const stat = (card: Locator, label: string) =>
  card.getByText(label, { exact: true }).locator("xpath=following-sibling::dd");

test("the environments list shows both environments", async ({ signedIn }) => {
  const page = await signedIn("ava");
  await page.goto("/");
  const grid = page.getByRole("table", { name: "Environments" });
  await expect(grid.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  await expect(grid.getByRole("link", { name: "Contoso Sandbox" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText("Contoso Ltd");
});

test("the Production overview counts users, mailboxes by status and DMA holders", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await page.goto("/");
  await page.getByRole("table", { name: "Environments" }).getByRole("link", { name: "Contoso Production" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contoso Production" })).toBeVisible();
  // The demo's numbers (db/seed/demo-data.ts): no test changes Production (e2e/environments.ts).
  const users = page.getByRole("region", { name: "Users" });
  await expect(stat(users, "Enabled")).toHaveText("47");
  await expect(stat(users, "Disabled")).toHaveText("1");
  // Each count opens the grid's view of exactly those mailboxes; Pending approval holds Empty too (19 + 1).
  const mailboxes = page.getByRole("region", { name: "Mailboxes by email address status" });
  for (const [name, view] of [
    ["Pending approval 20", "pending"],
    ["Approved 23", "approved"],
    ["Rejected 6", "rejected"],
    ["Inactive 1", "inactive"],
  ])
    await expect(mailboxes.getByRole("link", { name, exact: true })).toHaveAttribute(
      "href",
      `/environments/production/mailboxes?view=${view}`,
    );
  await expect(page.getByRole("region", { name: "Delegated Mailbox Approvers" })).toContainText(
    "Nobody holds the role here.",
  );
});

test("the left navigation opens an environment's pages", async ({ signedIn }) => {
  const page = await signedIn("dana");
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Contoso Production" }).click();
  await nav.getByRole("link", { name: "Server profiles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Server profiles" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Server profiles" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Production");
});

test("the environment switcher keeps the page and changes the environment", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await page.goto("/environments/production/teams");
  await page.getByRole("button", { name: "Environment, Contoso Production" }).click();
  await page.getByRole("list", { name: "Environments" }).getByRole("link", { name: "Contoso Sandbox" }).click();
  await expect(page).toHaveURL(/\/environments\/sandbox\/teams$/);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Contoso Sandbox");
});

test("a Basic User lands on their own mailbox and sees no admin pages", async ({ signedIn }) => {
  const page = await signedIn("bob");
  await page.goto("/");
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

test("a System Customizer reads Production but not its email settings, and never sees Sandbox", async ({
  signedIn,
}) => {
  const page = await signedIn("cora");
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Contoso Production" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Contoso Sandbox" })).toHaveCount(0);
  await page.goto("/environments/production/settings/email");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto("/environments/sandbox");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("an unknown address gets the friendly not-found page", async ({ signedIn }) => {
  const page = await signedIn("ava");
  await page.goto("/environments/does-not-exist");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Environments" })).toBeVisible();
});
