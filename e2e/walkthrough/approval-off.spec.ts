import { expect, test } from "@playwright/test";
import { signInAndWait } from "../helpers";

// Issue 17, item 2: once an environment stops requiring approval, the grid and every mailbox page
// say that mail syncs without it (never "will not sync"), linking to the setting. "Contoso Approval
// Off" is this spec's own environment (e2e/fixtures/walkthrough-environments.ts).
const ENV = "/environments/approval-off";

test("ava turns approval off for users: the grid and Ava's pending mailbox say mail syncs without approval", async ({
  page,
}) => {
  await signInAndWait(page, "ava", "Ava Alvarez");
  await page.goto(`${ENV}/mailboxes?view=pending`);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await grid.getByRole("link", { name: "Ava Alvarez" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ava Alvarez" })).toBeVisible();
  await expect(page.getByRole("status", { name: "Email address not approved" })).toBeVisible();
  await expect(page.getByRole("status", { name: "Mail syncs without approval" })).toHaveCount(0);

  await page.goto(`${ENV}/settings/email`);
  await page.getByRole("checkbox", { name: "Process emails only for approved users" }).uncheck();
  await page.getByRole("button", { name: "Save" }).click();
  const confirm = page.getByRole("dialog", { name: "Process email without approval?" });
  await confirm.getByRole("button", { name: "Turn off and save" }).click();
  await expect(page.getByRole("status", { name: "Settings saved" })).toBeVisible();

  await page.goto(`${ENV}/mailboxes`);
  const onGrid = page.getByRole("status", { name: "Mail syncs without approval" });
  await expect(onGrid).toContainText("This environment processes email for users whose address is not approved");
  await expect(onGrid).not.toContainText("queues");

  await page.getByRole("grid", { name: "Mailboxes" }).getByRole("link", { name: "Ava Alvarez" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ava Alvarez" })).toBeVisible();
  const onMailbox = page.getByRole("status", { name: "Mail syncs without approval" });
  await expect(onMailbox).toContainText("whether or not its address is approved");
  await expect(page.getByRole("status", { name: "Email address not approved" })).toHaveCount(0);
  await expect(page.getByText("will not be processed")).toHaveCount(0);

  await onMailbox.getByRole("link", { name: "Email settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email settings" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Process emails only for approved users" })).not.toBeChecked();
});
