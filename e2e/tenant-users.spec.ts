import type { Page } from "@playwright/test";
import { refusal, signIn, upn } from "./helpers";
import { expect, test } from "./personas";

const NEW_PASSWORD = "a-long-password-for-e2e";

/** A user of this test's own (demo users are shared by every test), created by ava through the panel. */
async function createUser(page: Page, label: string) {
  const stamp = `${test.info().workerIndex}-${Date.now()}`;
  const alias = `e2e-${label}-${stamp}`;
  // "Zz…" sorts after every demo name, so the grid's first page stays the demo's.
  const name = `Zz E2E ${label} ${stamp}`;
  await page.goto("/tenant/users");
  await page.getByRole("button", { name: "New user" }).click();
  const panel = page.getByRole("dialog", { name: "New user" });
  await panel.getByLabel("Display name").fill(name);
  await panel.getByLabel("User principal name (email)").fill(upn(alias));
  await panel.getByLabel("Password").fill("too-short");
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(panel.getByText("Use at least 12 characters.")).toBeVisible();
  await panel.getByLabel("Password").fill(NEW_PASSWORD);
  await panel.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return { alias, name, detailUrl: page.url() };
}

test("ava sees the directory grid, searches it and pages through it", async ({ signedIn }) => {
  const page = await signedIn("ava");
  await page.goto("/tenant/users");
  await expect(page.getByRole("heading", { level: 1, name: "Tenant users" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(/Tenant\s*›\s*Users/);

  const grid = page.getByRole("table", { name: "Tenant users" });
  const pager = page.getByRole("navigation", { name: "Tenant users pages" });
  await expect(grid.getByRole("row")).toHaveCount(51);
  await expect(pager).toContainText("Page 1 of 2");
  const ava = grid.getByRole("row", { name: /Ava Alvarez/ });
  await expect(ava).toContainText("Global Administrator");
  await expect(ava).toContainText("Enabled");
  await expect(ava).toContainText("Licensed");

  await pager.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/tenant\/users\?page=2$/);
  await expect(pager).toContainText("Page 2 of 2");
  await expect(grid.getByRole("row").nth(1)).toBeVisible();
  await pager.getByRole("link", { name: "Previous" }).click();
  await expect(pager).toContainText("Page 1 of 2");

  await page.getByLabel("Search users").fill("user0");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=user0$/);
  await expect(grid.getByRole("row")).toHaveCount(10);
  await expect(pager).toContainText("Page 1 of 1 · 9 users");

  await page.goto("/tenant/users?q=Lopez");
  await expect(grid.getByRole("row", { name: /Lena Lopez/ })).toContainText("Not licensed");
  await page.goto("/tenant/users?q=dave");
  await expect(grid.getByRole("row", { name: /Dave Dunn/ })).toContainText("Disabled");
});

test("ava creates a user, makes them Exchange Administrator, disables them, and they cannot sign in", async ({
  signedIn,
  page: signedOut,
}) => {
  test.slow(); // a sign-in and four round trips
  const page = await signedIn("ava");
  const user = await createUser(page, "life");
  const account = page.getByRole("region", { name: "Account" });
  await expect(page.getByRole("region", { name: "Exchange" })).toContainText("Licensed");
  await expect(account).toContainText("Enabled");

  await page.goto(`/tenant/users?q=${user.alias}`);
  await page.getByRole("table", { name: "Tenant users" }).getByRole("link", { name: user.name }).click();

  await page.getByRole("button", { name: "Manage roles" }).click();
  const roles = page.getByRole("dialog", { name: "Manage tenant roles" });
  await roles.getByRole("checkbox", { name: "Exchange Administrator" }).check();
  await roles.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("Manage roles: result")).toHaveText("Roles saved.");
  await expect(account).toContainText("Exchange Administrator");

  await page.getByRole("button", { name: "Disable user" }).click();
  await page
    .getByRole("dialog", { name: "Disable user" })
    .getByRole("button", { name: "Disable", exact: true })
    .click();
  await expect(account).toContainText("Disabled");
  await expect(page.getByRole("button", { name: "Enable user" })).toBeEnabled();

  await signIn(signedOut, user.alias, NEW_PASSWORD);
  await expect(refusal(signedOut)).toContainText("Email or password is incorrect.");
});

test("evan (Exchange admin) edits Exchange facts, but Manage roles is disabled and says why", async ({ signedIn }) => {
  test.slow(); // two people, one after the other
  const user = await createUser(await signedIn("ava"), "exch");

  const page = await signedIn("evan");
  await page.goto("/tenant/users");
  await expect(page.getByRole("button", { name: "New user" })).toBeDisabled();
  await page.goto(user.detailUrl);

  const manageRoles = page.getByRole("button", { name: "Manage roles" });
  await expect(manageRoles).toBeDisabled();
  await expect(manageRoles).toHaveAttribute("title", "Only Global Administrators can manage tenant roles.");
  await expect(page.getByRole("button", { name: "Disable user" })).toBeDisabled();
  const why = page.getByRole("status", { name: "Some commands are unavailable" });
  await expect(why).toContainText(
    "Manage roles: Only Global Administrators can manage tenant roles. (NOT_GLOBAL_ADMIN)",
  );

  await page.getByRole("button", { name: "Edit Exchange facts" }).click();
  const panel = page.getByRole("dialog", { name: "Edit Exchange facts" });
  await panel.getByLabel("Mailbox kind").selectOption({ label: "Shared mailbox" });
  await panel.getByRole("checkbox", { name: "Licensed" }).uncheck();
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("Edit Exchange facts: result")).toHaveText("Exchange facts saved.");
  await expect(page.getByRole("region", { name: "Exchange" })).toContainText("Shared mailbox");

  await page.goto(`/tenant/users?q=${user.alias}`);
  await expect(
    page.getByRole("table", { name: "Tenant users" }).getByRole("row", { name: new RegExp(user.name) }),
  ).toContainText("Shared");
});

test("ava, the last Global Administrator, cannot remove her own role or disable herself", async ({ signedIn }) => {
  const page = await signedIn("ava");
  await page.goto("/tenant/users?q=ava%40contoso.com");
  await page.getByRole("table", { name: "Tenant users" }).getByRole("link", { name: "Ava Alvarez" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ava Alvarez" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Disable user" })).toBeDisabled();
  await expect(page.getByRole("status", { name: "Some commands are unavailable" })).toContainText("SELF_DISABLE");

  await page.getByRole("button", { name: "Manage roles" }).click();
  const panel = page.getByRole("dialog", { name: "Manage tenant roles" });
  await expect(panel).toContainText("Removing it will be refused");
  await panel.getByRole("checkbox", { name: "Global Administrator" }).uncheck();
  await panel.getByRole("button", { name: "Save" }).click();
  const refused = panel.getByRole("alert", { name: "Roles not saved" });
  await expect(refused).toContainText("last enabled Global Administrator");
  await expect(refused).toContainText("Error 0x80040220");
  await expect(refused).toContainText("Reason LAST_GLOBAL_ADMIN");
  await expect(panel.getByRole("checkbox", { name: "Global Administrator" })).not.toBeChecked();

  await panel.getByRole("button", { name: "Close" }).click();
  await page.reload();
  await expect(page.getByRole("region", { name: "Account" })).toContainText("Global Administrator");
});

test("sam (no tenant role) cannot see the directory", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await page.goto("/tenant/users");
  await expect(page.getByRole("status", { name: "You cannot see the directory" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Tenant users" })).toHaveCount(0);
  await page.goto("/tenant/users/1");
  await expect(page.getByRole("status", { name: "You cannot see the directory" })).toBeVisible();
});
