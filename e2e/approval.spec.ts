import { mailboxRow, openMailboxes, openUsers, runCommand } from "./admin-helpers";
import { OWN_ENVIRONMENTS } from "./environments";
import { expect, test } from "./personas";

// Production is only read here; evan joins an environment of this spec's own.
const { evanJoins } = OWN_ENVIRONMENTS;

test("sam (System Administrator only): Approve Email is disabled with the reason, and the explainer names the missing condition", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  const grid = await openMailboxes(page, "pending", "lena");
  await mailboxRow(grid, "Lena Lopez").getByRole("checkbox").check();
  const approve = page
    .getByRole("toolbar", { name: "Mailbox commands" })
    .getByRole("button", { name: "Approve Email" });
  await expect(approve).toHaveAttribute("aria-disabled", "true");
  await approve.focus();
  await expect(page.getByRole("tooltip")).toContainText(
    "Global or Exchange Administrator, or to hold Delegated Mailbox Approver",
  );

  await grid.getByRole("link", { name: "Lena Lopez" }).click();
  const why = page.getByRole("region", { name: "Why can't I approve this?" });
  await expect(why).toContainText("NOT_TENANT_ADMIN_OR_DMA");
  await expect(why).toContainText("0x80040256");
  await expect(
    why.getByRole("listitem").filter({ hasText: "You hold System Administrator in this environment" }).first(),
  ).toContainText("met:");
  await expect(
    why.getByRole("listitem").filter({ hasText: "You are a Global or Exchange Administrator" }),
  ).toContainText("not met:");
  await expect(why).toContainText("closest path for you");
});

test("sam's selection of pending users and an approved one leaves Approve Email disabled, with the reason", async ({
  signedIn,
}) => {
  const page = await signedIn("sam");
  const grid = await openMailboxes(page, "active", "user");
  for (const n of ["26", "27", "01"])
    await grid
      .getByRole("row", { name: new RegExp(`user${n}@contoso.com`) })
      .getByRole("checkbox")
      .check();
  const approve = page
    .getByRole("toolbar", { name: "Mailbox commands" })
    .getByRole("button", { name: "Approve Email" });
  await expect(approve).toHaveAttribute("aria-disabled", "true");
  await approve.hover();
  await expect(page.getByRole("tooltip")).toContainText("Delegated Mailbox Approver");
});

test("nobody without the tenant-admin-or-DMA path approves the Support queue", async ({ signedIn }) => {
  for (const alias of ["sam", "cora"] as const) {
    const page = await signedIn(alias);
    const grid = await openMailboxes(page, "active", "support");
    await mailboxRow(grid, "Support").getByRole("checkbox").check();
    await expect(
      page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Approve Email" }),
    ).toHaveAttribute("aria-disabled", "true");
    await grid.getByRole("link", { name: "Support" }).click();
    const why = page.getByRole("region", { name: "Why can't I approve this?" });
    await expect(why).toContainText("never for queue mailboxes");
    await expect(
      why.getByRole("listitem").filter({ hasText: "It is your own user mailbox (not a queue)" }),
    ).toContainText("not met:");
  }
});

test("evan cannot approve until he is a user of the environment with System Administrator; then he can", async ({
  signedIn,
}) => {
  test.slow();
  const evan = await signedIn("evan");
  let grid = await openMailboxes(evan, "pending", "mark", evanJoins.slug);
  await grid.getByRole("link", { name: "Mark Miller" }).click();
  await evan.waitForURL(/\/mailboxes\/\d+$/);
  const markForm = evan.url();
  await expect(evan.getByRole("region", { name: "Why can't I approve this?" })).toContainText("NOT_IN_ENVIRONMENT");

  // sam, a System Administrator of the environment, adds evan and gives him System Administrator.
  const sam = await signedIn("sam");
  await sam.goto(`/environments/${evanJoins.slug}/users`);
  await sam.getByRole("button", { name: "Add user" }).click();
  const add = sam.getByRole("dialog", { name: "Add user" });
  await add.getByLabel("Search the directory").fill("Evan");
  await add.getByLabel("Directory user").selectOption({ label: "Evan Evans (evan@contoso.com)" });
  await add.getByRole("button", { name: "Add" }).click();
  await expect(add).toBeHidden();
  const users = await openUsers(sam, "evan@", evanJoins.slug);
  await users.getByRole("checkbox", { name: "Select Evan Evans" }).check();
  await sam.getByRole("button", { name: "Manage security roles" }).click();
  const panel = sam.getByRole("dialog", { name: "Manage security roles: Evan Evans" });
  await panel.getByRole("checkbox", { name: "System Administrator" }).check();
  await panel.getByRole("button", { name: "Save" }).click();
  await expect(panel).toBeHidden();

  await evan.goto(markForm);
  await expect(evan.getByRole("region", { name: "You can approve this" })).toBeVisible();
  grid = await openMailboxes(evan, "pending", "mark", evanJoins.slug);
  await mailboxRow(grid, "Mark Miller").getByRole("checkbox").check();
  const dialog = await runCommand(evan, "Approve Email");
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog.getByTestId("run-summary")).toHaveText("1 approved, 0 unchanged, 0 refused.");
  await evan.goto(markForm);
  await expect(evan.getByRole("region", { name: "Approval" })).toContainText("Evan Evans");
});
