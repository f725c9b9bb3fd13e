import { mailboxRow, openMailboxes, openUsers, runCommand } from "../admin-helpers";
import { OWN_ENVIRONMENTS } from "../environments";
import { expect, test } from "../personas";
import { e2eDatabase } from "../security/e2e-db";

// Issue 17, item 10: the Users grid's Enabled filter, the Pending view oldest-waiting first, and an
// address on a domain Exchange does not know (mark@contso.com) flagged in the grid and before
// approval. Production is only read; the approval dialog opens in this spec's own copy.
const { slug } = OWN_ENVIRONMENTS.usersAndPending;

test("ava filters Production's users by Enabled: Disabled only shows Dave, Enabled only hides him", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  const users = await openUsers(page, "");
  const filters = page.getByRole("search", { name: "Filter users" });
  await filters.getByLabel("Enabled").selectOption({ label: "Disabled only" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/state=disabled/);
  await expect(users.getByRole("row")).toHaveCount(2);
  await expect(users.getByRole("row", { name: /Dave Dunn/ })).toContainText("Disabled");

  await filters.getByLabel("Enabled").selectOption({ label: "Enabled only" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/state=enabled/);
  await expect(users.getByRole("row", { name: /Sam Sato/ })).toHaveCount(1);
  await expect(users.getByRole("row", { name: /Dave Dunn/ })).toHaveCount(0);
});

test("the Pending view opens with the mailbox that has waited longest, and flags mark@contso.com", async ({
  signedIn,
}) => {
  const db = e2eDatabase();
  const oldest = db.one<{ name: string }>(
    "select m.name from mailboxes m join environments e on e.id = m.environment_id where e.slug = 'production' and m.is_active = 1 and m.email_status in (0, 2) order by m.pending_since, m.id limit 1",
  );
  db.close();
  const page = await signedIn("ava");
  const grid = await openMailboxes(page, "pending");
  await expect(grid.getByRole("columnheader", { name: /Pending since/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(grid.getByRole("row").nth(1)).toContainText(oldest.name);

  const mark = await openMailboxes(page, "pending", "mark");
  await expect(mailboxRow(mark, "Mark")).toContainText("Domain unknown");
  await expect(mailboxRow(mark, "Mark")).toContainText("mark@contso.com");
});

test("ava, System Administrator by Add me, opens Approve Email on mark@contso.com: the pre-check warns first", async ({
  signedIn,
}) => {
  const page = await signedIn("ava");
  await page.goto(`/environments/${slug}`);
  await page.getByRole("button", { name: "Add me as System Administrator" }).click();
  await expect(page.getByRole("status", { name: "Added as System Administrator" })).toBeVisible();

  const grid = await openMailboxes(page, "pending", "mark", slug);
  await mailboxRow(grid, "Mark").getByRole("checkbox").check();
  const dialog = await runCommand(page, "Approve Email");
  await expect(dialog).toContainText(
    "1 on a domain Exchange does not know (mark@contso.com): approving will not make their mail flow.",
  );
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});
