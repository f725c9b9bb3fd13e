import { expect, test } from "@playwright/test";
import { DMA_PAGE, delegate, holderRow, openUsers } from "./admin-helpers";
import { signInAndWait } from "./helpers";

test("sam (System Administrator only) cannot give bob Delegated Mailbox Approver: 0x80090904 and nothing changes", async ({
  page,
}) => {
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
  await expect(page.getByRole("table", { name: "Users" }).getByRole("row", { name: /Bob Brown/ })).not.toContainText(
    "Delegated Mailbox Approver",
  );
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
  const soon = new Date(Date.now() + 30_000).toISOString().slice(0, 19);
  await delegate(page, "Alex Davis (user31@contoso.com)", "Short cover", soon);
  const row = holderRow(page, "Alex Davis");
  // Expiry is decided when the page is read, so reload until the end date has passed.
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText("Expired", { timeout: 1_000 });
  }).toPass({ timeout: 75_000 });
  await row.getByRole("link", { name: "Alex Davis" }).click();
  await expect(
    page
      .getByRole("table", { name: "Security roles of this user" })
      .getByRole("row", { name: /Delegated Mailbox Approver/ }),
  ).toContainText("Expired — grants nothing");
  // The background runner records the expiry within a second of the end date; reading the page writes nothing.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: "Activity" }).getByRole("row", { name: /RoleExpired/ })).toHaveCount(
      1,
      { timeout: 1_000 },
    );
  }).toPass({ timeout: 15_000 });
});

test("paula adds herself as System Administrator in Sandbox; evan cannot and is told why", async ({ browser }) => {
  const paula = await browser.newPage();
  await signInAndWait(paula, "paula", "Paula Park");
  await paula.goto("/environments/sandbox");
  await paula.getByRole("button", { name: "Add me as System Administrator" }).click();
  await expect(paula.getByRole("status", { name: "Added as System Administrator" })).toBeVisible();
  await paula.goto("/environments/sandbox/users?q=paula");
  await expect(paula.getByRole("table", { name: "Users" }).getByRole("row", { name: /Paula Park/ })).toContainText(
    "System Administrator",
  );

  const evan = await browser.newPage();
  await signInAndWait(evan, "evan", "Evan Evans");
  await evan.goto("/environments/sandbox");
  await expect(evan.getByRole("button", { name: "Add me as System Administrator" })).toBeDisabled();
  await expect(evan.getByTestId("add-me-reason")).toContainText(
    "Exchange Administrators cannot add themselves as System Administrator",
  );
});

test("a custom-role holder with Assign Security Role cannot grant System Administrator (escalation refused)", async ({
  browser,
}) => {
  test.slow();
  const name = `Role Assigners ${Date.now()}`;
  const sam = await browser.newPage();
  await signInAndWait(sam, "sam", "Sam Sato");
  await sam.goto("/environments/production/roles/new");
  await sam.getByLabel("Name", { exact: true }).fill(name);
  await sam.getByLabel("Assign Security Role", { exact: true }).selectOption({ label: "Organization" });
  await sam.getByLabel("Read User", { exact: true }).selectOption({ label: "Organization" });
  await sam.getByRole("button", { name: "Create role" }).click();
  await expect(sam.getByRole("heading", { level: 1, name })).toBeVisible();

  // sam gives the role to Blake Baker (user12), who then tries to make bob a System Administrator.
  const users = await openUsers(sam, "user12@");
  await users.getByRole("radio", { name: "Select Blake Baker" }).check();
  await sam.getByRole("button", { name: "Manage security roles" }).click();
  const samPanel = sam.getByRole("dialog", { name: "Manage security roles: Blake Baker" });
  await samPanel.getByRole("checkbox", { name }).check();
  await samPanel.getByRole("button", { name: "Save" }).click();
  await expect(samPanel).toBeHidden();

  const blake = await browser.newPage();
  await signInAndWait(blake, "user12", "Blake Baker");
  const grid = await openUsers(blake, "bob@");
  await grid.getByRole("radio", { name: "Select Bob Brown" }).check();
  await blake.getByRole("button", { name: "Manage security roles" }).click();
  const panel = blake.getByRole("dialog", { name: "Manage security roles: Bob Brown" });
  await expect(panel.getByText("it grants privileges you do not hold").first()).toBeVisible();
  await panel.getByRole("checkbox", { name: "System Administrator" }).check();
  await panel.getByRole("button", { name: "Save" }).click();
  const refusal = panel.getByRole("alert", { name: "Roles not saved" });
  await expect(refusal).toContainText("ESCALATION");
  await expect(refusal).toContainText("0x80040220");
  await blake.reload();
  await expect(blake.getByRole("table", { name: "Users" }).getByRole("row", { name: /Bob Brown/ })).not.toContainText(
    "System Administrator",
  );
});
