import { expect, test, type Page } from "@playwright/test";
import { signInAndWait } from "./helpers";

const DMA_PAGE = "/environments/production/roles/delegated-mailbox-approver";

async function delegate(page: Page, user: string, justification: string, endsAt?: string) {
  await page.goto(DMA_PAGE);
  await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  await panel.getByLabel("User").selectOption({ label: user });
  await panel.getByLabel("Justification").fill(justification);
  if (endsAt) await panel.getByLabel("End date and time (UTC, optional)").fill(endsAt);
  await panel.getByRole("button", { name: "Delegate" }).click();
  await expect(panel).toBeHidden();
}

function holderRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Delegated Mailbox Approvers" }).getByRole("row", { name: new RegExp(name) });
}

async function openUsers(page: Page, search: string) {
  await page.goto(`/environments/production/users?q=${encodeURIComponent(search)}`);
  return page.getByRole("table", { name: "Users" });
}

test.describe.serial("a Global admin delegates and an Exchange admin removes", () => {
  test("ava delegates Delegated Mailbox Approver to dana with a justification and an end date", async ({ page }) => {
    await signInAndWait(page, "ava", "Ava Alvarez");
    await delegate(page, "Dana Diaz (dana@contoso.com)", "Covers mailbox onboarding for Q1", "2027-03-31T17:00");
    const row = holderRow(page, "Dana Diaz");
    await expect(row).toContainText("Ava Alvarez");
    await expect(row).toContainText("31 Mar 2027");
    await expect(row).toContainText("Covers mailbox onboarding for Q1");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Yes");

    const users = await openUsers(page, "dana@");
    await expect(users.getByRole("row", { name: /Dana Diaz/ })).toContainText("Delegated Mailbox Approver · until 31 Mar 2027");
    await users.getByRole("link", { name: "Dana Diaz" }).click();
    const activity = page.getByRole("table", { name: "Activity" });
    await expect(activity.getByRole("row", { name: /RoleAssigned/ })).toContainText("Covers mailbox onboarding for Q1");
    await expect(activity.getByRole("row", { name: /RoleAssigned/ })).toContainText("ava@contoso.com");
  });

  test("evan (Exchange Administrator, not a member) removes dana's Delegated Mailbox Approver", async ({ page }) => {
    await signInAndWait(page, "evan", "Evan Evans");
    await page.goto(DMA_PAGE);
    await page.getByRole("button", { name: "Remove Delegated Mailbox Approver from Dana Diaz" }).click();
    await page.getByRole("button", { name: "OK" }).click();
    await expect(holderRow(page, "Dana Diaz")).toHaveCount(0);
    const users = await openUsers(page, "dana@");
    await expect(users.getByRole("row", { name: /Dana Diaz/ })).not.toContainText("Delegated Mailbox Approver");
  });
});

test("sam (System Administrator only) cannot give bob Delegated Mailbox Approver: 0x80090904 and nothing changes", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  const users = await openUsers(page, "bob@");
  await users.getByRole("radio", { name: "Select Bob Brown" }).check();
  await page.getByRole("button", { name: "Manage security roles" }).click();
  const panel = page.getByRole("dialog", { name: "Manage security roles: Bob Brown" });
  await panel.getByRole("checkbox", { name: "Delegated Mailbox Approver" }).check();
  await panel.getByLabel("Justification").fill("Trying anyway");
  await panel.getByRole("button", { name: "Save" }).click();
  const refusal = panel.getByRole("alert", { name: "Roles not saved" });
  await expect(refusal).toContainText("0x80090904");
  await expect(refusal).toContainText("Only a Global or Exchange Administrator");
  await expect(refusal).toContainText("NOT_TENANT_ADMIN");
  await page.reload();
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: /Bob Brown/ })).not.toContainText("Delegated Mailbox Approver");
});

test("sam saves other roles for a DMA holder: the Delegated Mailbox Approver stays, locked", async ({ browser }) => {
  const ava = await browser.newPage();
  await signInAndWait(ava, "ava", "Ava Alvarez");
  await delegate(ava, "Jordan Clark (user30@contoso.com)", "Regional approver");

  const page = await browser.newPage();
  await signInAndWait(page, "sam", "Sam Sato");
  const users = await openUsers(page, "user30@");
  await users.getByRole("radio", { name: "Select Jordan Clark" }).check();
  await page.getByRole("button", { name: "Manage security roles" }).click();
  const panel = page.getByRole("dialog", { name: "Manage security roles: Jordan Clark" });
  const dma = panel.getByRole("checkbox", { name: "Delegated Mailbox Approver" });
  await expect(dma).toBeChecked();
  await expect(dma).toBeDisabled();
  await expect(panel.getByText("Locked: only a Global or Exchange Administrator")).toBeVisible();
  await panel.getByRole("checkbox", { name: "System Customizer" }).check();
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();
  const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: /Jordan Clark/ });
  await expect(row).toContainText("System Customizer");
  await expect(row).toContainText("Delegated Mailbox Approver");
  await expect(row).toContainText("Basic User");
});

test("sam sees the delegation screen but its commands are refused, with the reason", async ({ page }) => {
  await signInAndWait(page, "sam", "Sam Sato");
  await page.goto(DMA_PAGE);
  await expect(page.getByRole("button", { name: "Delegate", exact: true })).toBeDisabled();
  await expect(page.getByRole("status", { name: "Why you cannot delegate" })).toContainText("0x80090904");
});

test("a delegation whose end date has passed shows Expired and grants nothing", async ({ page }) => {
  test.slow();
  await signInAndWait(page, "ava", "Ava Alvarez");
  // Far enough ahead to submit the form even on a loaded machine, near enough to wait for.
  const soon = new Date(Date.now() + 15_000).toISOString().slice(0, 19);
  await delegate(page, "Alex Davis (user31@contoso.com)", "Short cover", soon);
  const row = holderRow(page, "Alex Davis");
  // Expiry is decided when the page is read, so reload until the end date has passed.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("Expired", { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await row.getByRole("link", { name: "Alex Davis" }).click();
  await expect(page.getByRole("table", { name: "Security roles of this user" }).getByRole("row", { name: /Delegated Mailbox Approver/ })).toContainText("Expired — grants nothing");
  await expect(page.getByRole("table", { name: "Activity" }).getByRole("row", { name: /RoleExpired/ })).toHaveCount(1);
});

test("paula adds herself as System Administrator in Sandbox; evan cannot and is told why", async ({ browser }) => {
  const paula = await browser.newPage();
  await signInAndWait(paula, "paula", "Paula Park");
  await paula.goto("/environments/sandbox");
  await paula.getByRole("button", { name: "Add me as System Administrator" }).click();
  await expect(paula.getByRole("status", { name: "Added as System Administrator" })).toBeVisible();
  await paula.goto("/environments/sandbox/users?q=paula");
  await expect(paula.getByRole("table", { name: "Users" }).getByRole("row", { name: /Paula Park/ })).toContainText("System Administrator");

  const evan = await browser.newPage();
  await signInAndWait(evan, "evan", "Evan Evans");
  await evan.goto("/environments/sandbox");
  await expect(evan.getByRole("button", { name: "Add me as System Administrator" })).toBeDisabled();
  await expect(evan.getByTestId("add-me-reason")).toContainText("Exchange Administrators cannot add themselves as System Administrator");
});
