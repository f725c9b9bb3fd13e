import { delegate, dmaPage, holderRow, openUsers } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// Refusals are tried in Production, where they change nothing; each change happens in an
// environment of the test's own (e2e/environments.ts).
const { lockedDma, dmaExpiry, selfElevation, escalation } = OWN_ENVIRONMENTS;

test("sam (System Administrator only) cannot give bob Delegated Mailbox Approver: 0x80090904 and nothing changes", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  const users = await openUsers(page, "bob@");
  await users.getByRole("checkbox", { name: "Select Bob Brown" }).check();
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

test("sam saves other roles for a DMA holder: the Delegated Mailbox Approver stays, locked", async ({ signedIn }) => {
  const ava = await signedIn("ava");
  await delegate(ava, lockedDma.slug, "Jordan Clark (user30@contoso.com)", "Regional approver");

  const page = await signedIn("sam");
  const users = await openUsers(page, "user30@", lockedDma.slug);
  await users.getByRole("checkbox", { name: "Select Jordan Clark" }).check();
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

test("sam sees the delegation screen but its commands are refused, with the reason", async ({ signedIn }) => {
  const page = await signedIn("sam");
  await page.goto(dmaPage("production"));
  await expect(page.getByRole("button", { name: "Delegate", exact: true })).toBeDisabled();
  await expect(page.getByRole("status", { name: "Why you cannot delegate" })).toContainText("0x80090904");
});

test("a delegation whose end date has passed shows Expired and grants nothing", async ({ signedIn }) => {
  // Made by the fixtures with an end date a minute before the server started
  // (e2e/fixtures/expired-delegation.ts): the form refuses a past end date.
  const page = await signedIn("ava");
  await page.goto(dmaPage(dmaExpiry.slug));
  const row = holderRow(page, "Alex Davis");
  await expect(row).toContainText("Expired");
  await row.getByRole("link", { name: "Alex Davis" }).click();
  await expect(
    page
      .getByRole("table", { name: "Security roles of this user" })
      .getByRole("row", { name: /Delegated Mailbox Approver/ }),
  ).toContainText("Expired — grants nothing");
  // The background runner records the expiry at its first sweep after the end date, once; reading the
  // pages writes nothing.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("table", { name: "Activity" }).getByRole("row", { name: /Role expired/ })).toHaveCount(
      1,
      { timeout: 1_000 },
    );
  }).toPass({ timeout: 15_000 });
});

test("paula adds herself as System Administrator in a Sandbox; evan cannot and is told why", async ({ signedIn }) => {
  const paula = await signedIn("paula");
  await paula.goto(`/environments/${selfElevation.slug}`);
  await paula.getByRole("button", { name: "Add me as System Administrator" }).click();
  await expect(paula.getByRole("status", { name: "Added as System Administrator" })).toBeVisible();
  await paula.goto(`/environments/${selfElevation.slug}/users?q=paula`);
  await expect(paula.getByRole("table", { name: "Users" }).getByRole("row", { name: /Paula Park/ })).toContainText(
    "System Administrator",
  );

  const evan = await signedIn("evan");
  await evan.goto(`/environments/${selfElevation.slug}`);
  await expect(evan.getByRole("button", { name: "Add me as System Administrator" })).toBeDisabled();
  await expect(evan.getByTestId("add-me-reason")).toContainText(
    "Exchange Administrators cannot add themselves as System Administrator",
  );
});

test("a custom-role holder with Assign Security Role cannot grant System Administrator (escalation refused)", async ({
  signedIn,
}) => {
  test.slow();
  const name = "Role Assigners";
  const sam = await signedIn("sam");
  await sam.goto(`/environments/${escalation.slug}/roles/new`);
  await sam.getByLabel("Name", { exact: true }).fill(name);
  await sam.getByLabel("Assign Security Role", { exact: true }).selectOption({ label: "Organization" });
  await sam.getByLabel("Read User", { exact: true }).selectOption({ label: "Organization" });
  await sam.getByRole("button", { name: "Create role" }).click();
  await expect(sam.getByRole("heading", { level: 1, name })).toBeVisible();

  // sam gives the role to Blake Baker (user12), who then tries to make bob a System Administrator.
  const users = await openUsers(sam, "user12@", escalation.slug);
  await users.getByRole("checkbox", { name: "Select Blake Baker" }).check();
  await sam.getByRole("button", { name: "Manage security roles" }).click();
  const samPanel = sam.getByRole("dialog", { name: "Manage security roles: Blake Baker" });
  await samPanel.getByRole("checkbox", { name }).check();
  await samPanel.getByRole("button", { name: "Save" }).click();
  await expect(samPanel).toBeHidden();

  const blake = await signedIn("user12");
  const grid = await openUsers(blake, "bob@", escalation.slug);
  await grid.getByRole("checkbox", { name: "Select Bob Brown" }).check();
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
