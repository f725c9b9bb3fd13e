import { JOB_CANCEL } from "../fixtures/mass-action-environments";
import { expect, test } from "../personas";
import { callAction, signedInClient } from "../security/server-actions";

// Contoso Job Cancel (e2e/fixtures/mass-action-environments.ts): 20,000 pending queue mailboxes,
// enough for an approval run that is still going when ava cancels it. Sam is its System
// Administrator with no tenant role: he sees the job, and may not cancel it.
const JOB_ACTIONS = { file: "app/(portal)/environments/[slug]/jobs/[id]/actions.ts", name: "cancelJobAction" };
const mailboxCount = async (page: import("@playwright/test").Page, view: string) => {
  await page.goto(`/environments/${JOB_CANCEL.slug}/mailboxes?view=${view}`);
  return page.getByRole("navigation", { name: "Mailbox pages" });
};

test("ava cancels a running approval of 20,000: it stops after the batch in hand and keeps what it did; sam's replayed Cancel is refused", async ({
  signedIn,
}) => {
  test.slow();
  const page = await signedIn("ava");
  await page.goto(`/environments/${JOB_CANCEL.slug}/mailboxes?view=pending`);
  await page
    .getByRole("table", { name: "Mailboxes" })
    .getByRole("checkbox", { name: "Select all on this page" })
    .check();
  await page.getByRole("button", { name: "Select all 20000 matching" }).click();
  await page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Approve Email" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve Email" });
  await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText(
    "20,000 pending mailboxes will be approved",
  );
  await dialog.getByLabel("Type 20,000 to confirm").fill("20000");
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog.getByRole("progressbar", { name: "Approval progress" })).toBeVisible();
  await dialog.getByRole("link", { name: "job page" }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  const jobPath = new URL(page.url()).pathname;
  const jobId = Number(jobPath.split("/").at(-1));
  await expect(page.getByRole("heading", { level: 1, name: "Approve Email: 20,000 mailboxes" })).toBeVisible();
  await expect(page.getByText("Running", { exact: true })).toBeVisible();

  // Sam sees the job, with Cancel unavailable and why; replayed over HTTP with his cookie, it is refused.
  const sam = await signedIn("sam");
  await sam.goto(jobPath);
  await expect(sam.getByRole("button", { name: "Cancel job" })).toHaveAttribute("aria-disabled", "true");
  await expect(sam.getByText("Only whoever started this job, or a tenant admin, can cancel it.")).toBeAttached();
  const samClient = await signedInClient("sam");
  const replay = await callAction(samClient, JOB_ACTIONS, [{ slug: JOB_CANCEL.slug, jobId }], jobPath);
  expect(replay.value).toMatchObject({ status: "refused", reason: "NOT_STARTER_OR_TENANT_ADMIN", code: "0x80040220" });
  await samClient.dispose();

  await page.getByRole("button", { name: "Cancel job" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel this job" });
  await expect(confirm).toContainText("The job stops after the batch it is working on.");
  await confirm.getByRole("button", { name: "OK" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  const notice = page.getByRole("status", { name: "The job was cancelled" });
  await expect(notice).toContainText("Ava Alvarez cancelled it after");
  await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);

  // What it did stays done, and nothing more: the grid counts exactly the rows the job page says.
  const progress = await page.getByRole("status", { name: "Job progress" }).textContent();
  const done = Number(/^(\d+) of 20000 done · 0 refused$/.exec(progress ?? "")?.[1]);
  expect(done).toBeLessThan(20_000);
  await expect(notice).toContainText(`after ${done.toLocaleString("en-US")} of 20,000; the rest were not touched.`);
  await expect(await mailboxCount(page, "approved")).toContainText(`${done} mailboxes in this view`);
  await expect(await mailboxCount(page, "pending")).toContainText(`${20_000 - done} mailboxes in this view`);

  // The jobs list says the same, under the same breadcrumb trail as the job page.
  await page.goto(jobPath);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toHaveText(
    /Environments\s*›\s*Contoso Job Cancel\s*›\s*Mailboxes\s*›\s*Background jobs\s*›\s*Job \d+/,
  );
  await crumbs.getByRole("link", { name: "Background jobs" }).click();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(
    /Environments\s*›\s*Contoso Job Cancel\s*›\s*Mailboxes\s*›\s*Background jobs$/,
  );
  const row = page
    .getByRole("table", { name: "Recent jobs" })
    .getByRole("row", { name: /Approve Email: 20,000 mailboxes/ });
  await expect(row).toContainText("Cancelled");
  await expect(row).toContainText(`${done} / 20000`);
});
