import { expect, test, type Page } from "@playwright/test";
import { mailboxRow, runMailboxCommand } from "../admin-helpers";
import { signInAndWait } from "../helpers";

// Issue 17, item 4: Apply Default Email Settings gives a queue None for appointments, contacts and
// tasks (server-side sync always fails for queues with Crm.80048306), and a user mailbox the
// environment's default. "Contoso Queue Defaults" is this spec's own environment
// (e2e/fixtures/walkthrough-environments.ts); its queues start with Outlook for them.
const ENV = "/environments/queue-defaults";

async function actMethodOf(page: Page, name: string) {
  await page.goto(`${ENV}/mailboxes`);
  await page.getByRole("grid", { name: "Mailboxes" }).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page
    .getByRole("region", { name: "Synchronization method" })
    .getByText("Appointments, contacts and tasks", { exact: true })
    .locator("xpath=following-sibling::dd");
}

test("Apply Default Email Settings on a queue and a user mailbox: None for the queue, server-side sync for the user", async ({
  page,
}) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  await expect(await actMethodOf(page, "Help Desk")).toHaveText("Microsoft Dynamics 365 for Outlook");

  await page.goto(`${ENV}/mailboxes`);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await mailboxRow(grid, "Help Desk").getByRole("checkbox").check();
  await mailboxRow(grid, "Ava Alvarez").getByRole("checkbox").check();
  const dialog = await runMailboxCommand(page, "Apply Default Email Settings");
  const results = dialog.getByRole("table", { name: "Results" });
  await expect(results.getByRole("row")).toHaveCount(3);
  const queueRow = results.getByRole("row", { name: /Help Desk/ });
  await expect(queueRow.getByRole("list", { name: "Alerts" })).toBeVisible();
  await expect(queueRow).not.toContainText("Crm.80048306");
  await dialog.getByRole("button", { name: "Close" }).click();

  await expect(await actMethodOf(page, "Help Desk")).toHaveText("None");
  await expect(page.getByRole("table", { name: "Alerts" })).not.toContainText("Crm.80048306");
  await expect(await actMethodOf(page, "Ava Alvarez")).toHaveText("Server-Side Synchronization");
  // The other queue, not selected, keeps its method.
  await expect(await actMethodOf(page, "Billing")).toHaveText("Microsoft Dynamics 365 for Outlook");
});
