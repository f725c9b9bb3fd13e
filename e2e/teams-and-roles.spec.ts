import type { Page } from "@playwright/test";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// Production is only read (a refused change changes nothing); the changes happen in copies of
// Production of this spec's own.
const { customRole, teamMembers } = OWN_ENVIRONMENTS;

async function openMailAdmins(page: Page, slug = "production") {
  await page.goto(`/environments/${slug}/teams`);
  await page.getByRole("table", { name: "Teams" }).getByRole("link", { name: "Mail Admins" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mail Admins" })).toBeVisible();
}

test("a team cannot be given Delegated Mailbox Approver: 0x80090905, and its roles stay as they were", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  await openMailAdmins(page);
  const teamRoles = page.getByRole("region", { name: "Security roles" });
  await expect(teamRoles).toContainText("This team holds no security roles.");

  await page.getByRole("button", { name: "Manage security roles" }).click();
  const panel = page.getByRole("dialog", { name: "Security roles of Mail Admins" });
  const dma = panel.getByRole("checkbox", { name: "Delegated Mailbox Approver" });
  await expect(dma).toHaveAccessibleDescription("Cannot be given to teams");
  await dma.check();
  await panel.getByRole("button", { name: "Save" }).click();
  const refusal = panel.getByRole("alert", { name: "Team roles not saved" });
  await expect(refusal).toContainText("Error 0x80090905");
  await expect(refusal).toContainText("Reason DMA_NOT_FOR_TEAMS");
  await expect(dma).toBeChecked();

  await page.reload();
  await expect(teamRoles).toContainText("This team holds no security roles.");
  await page.getByRole("button", { name: "Manage security roles" }).click();
  await expect(panel.getByRole("checkbox", { name: "Delegated Mailbox Approver" })).not.toBeChecked();
});

test("sam creates a custom role with two privileges and finds it listed as Custom", async ({ signedIn }) => {
  const name = "Custom Approvers";
  const page = await signedIn("sam");
  await page.goto(`/environments/${customRole.slug}/roles`);
  await page.getByRole("toolbar", { name: "Security role commands" }).getByRole("link", { name: "New role" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page
    .getByLabel("Approve Email Addresses for Users or Queues", { exact: true })
    .selectOption({ label: "Organization" });
  await page.getByLabel("Read Mailbox", { exact: true }).selectOption({ label: "Organization" });
  await page.getByRole("button", { name: "Create role" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const privileges = page.getByRole("table", { name: "Privileges" });
  await expect(privileges.getByRole("row", { name: /Approve Email Addresses for Users or Queues/ })).toContainText(
    "Organization",
  );
  await expect(privileges.getByRole("row", { name: /Read Mailbox/ })).toContainText("Organization");
  await expect(privileges.getByRole("row")).toHaveCount(3);

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Security roles" }).click();
  const row = page.getByRole("table", { name: "Security roles" }).getByRole("row", { name: new RegExp(name) });
  await expect(row.getByRole("cell").nth(1)).toHaveText("Custom");
  await expect(row.getByRole("cell").nth(3)).toHaveText("0");

  // The same name again is refused next to the field.
  await page.goto(`/environments/${customRole.slug}/roles/new`);
  await page.getByLabel("Name", { exact: true }).fill(name.toUpperCase());
  await page.getByLabel("Read Mailbox", { exact: true }).selectOption({ label: "User" });
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(
    "A role with this name already exists.",
  );
});

test("the Security roles list shows System Administrator as a system role with its member count", async ({
  signedIn,
}) => {
  const page = await signedIn("dana");
  await page.goto("/environments/production/roles");
  const row = page.getByRole("table", { name: "Security roles" }).getByRole("row", { name: /^System Administrator / });
  await expect(row.getByRole("cell").nth(1)).toHaveText("System");
  await expect(row.getByRole("cell").nth(2)).toHaveText("Yes");
  // sam and dana hold it in the demo, and no test changes Production's roles.
  await expect(row.getByRole("cell").nth(3)).toHaveText("2");

  await row.getByRole("link", { name: "System Administrator" }).click();
  const users = page.getByRole("table", { name: "Users who hold this role" });
  await expect(users.getByRole("link", { name: "Sam Sato" })).toBeVisible();
  await expect(users.getByRole("link", { name: "Dana Diaz" })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Privileges" }).getByRole("row", { name: /Assign Security Role/ }),
  ).toContainText("Organization");
});

test("the Delegated Mailbox Approver row leads to its own page", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await page.goto("/environments/production/roles");
  const link = page
    .getByRole("table", { name: "Security roles" })
    .getByRole("link", { name: "Delegated Mailbox Approver" });
  await expect(link).toHaveAttribute("href", "/environments/production/roles/delegated-mailbox-approver");
});

test("cora (System Customizer) reads teams and roles, but their commands are disabled and say why", async ({
  signedIn,
}) => {
  const page = await signedIn("cora");
  await page.goto("/environments/production/teams");
  const sales = page.getByRole("table", { name: "Teams" }).getByRole("row", { name: /Sales Team/ });
  await expect(sales).toContainText("Microsoft Entra group");
  await expect(sales).toContainText("Basic User");

  await openMailAdmins(page);
  for (const name of ["Add member", "Manage security roles"]) {
    const command = page.getByRole("button", { name });
    await expect(command).toBeDisabled();
    await expect(command).toHaveAttribute("title", /System Administrator/);
    await expect(command).toHaveAccessibleDescription(
      /System Administrator.*Error 0x80040220 · Reason NOT_SYSTEM_ADMIN/,
    );
  }
  await expect(
    page.getByText(
      "You need System Administrator (or a role with Write Team) in this environment to change a team's members.",
    ),
  ).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Members" }).getByRole("button", { name: "Remove" }).first(),
  ).toBeDisabled();

  await page.goto("/environments/production/roles");
  await expect(page.getByRole("button", { name: "New role" })).toBeDisabled();
  await expect(page.getByText(/to create security roles/)).toBeVisible();
});

test("sam adds Emery Baker to Mail Admins, then removes them", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await openMailAdmins(page, teamMembers.slug);
  await page.getByRole("button", { name: "Add member" }).click();
  const panel = page.getByRole("dialog", { name: "Add member to Mail Admins" });
  await panel.getByLabel("User").selectOption({ label: "Emery Baker" });
  await panel.getByRole("button", { name: "Add", exact: true }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByRole("status", { name: "Team saved" })).toContainText("Added Emery Baker to Mail Admins.");

  const members = page.getByRole("table", { name: "Members" });
  const row = members.getByRole("row", { name: /Emery Baker/ });
  await expect(row).toContainText("user15@contoso.com");
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  await expect(members.getByRole("row", { name: /Sam Sato/ })).toBeVisible();
});
