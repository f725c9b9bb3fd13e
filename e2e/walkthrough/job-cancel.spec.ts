import type { Page } from "@playwright/test";
import { JOB_CANCEL } from "../fixtures/mass-action-environments";
import { expect, test } from "../personas";
import { callAction, signedInClient } from "../security/server-actions";

// Contoso Job Cancel (e2e/fixtures/mass-action-environments.ts): 40,000 pending queue mailboxes,
// enough for an approval run that is still going when ava cancels it. Sam is its System
// Administrator with no tenant role: he sees the job, and may not cancel it.
const CANCEL = { file: "app/(portal)/environments/[slug]/jobs/[id]/actions.ts", name: "cancelJobAction" };
const TOTAL = JOB_CANCEL.pending;
const viewCount = async (page: Page, view: string) => {
  await page.goto(`/environments/${JOB_CANCEL.slug}/mailboxes?view=${view}`);
  return page.getByRole("navigation", { name: "Mailbox pages" });
};

test("ava cancels a running approval of 40,000: it stops after the batch in hand and keeps what it did; sam's replayed Cancel is refused", async ({
  signedIn,
}) => {
  test.slow();
  // Sam signs in before the run starts, so that the run is surely still going when he tries.
  const samClient = await signedInClient("sam");
  const page = await signedIn("ava");
  await page.goto(`/environments/${JOB_CANCEL.slug}/mailboxes?view=pending`);
  await page
    .getByRole("grid", { name: "Mailboxes" })
    .getByRole("checkbox", { name: "Select all on this page" })
    .check();
  await page.getByRole("button", { name: `Select all ${TOTAL} matching` }).click();
  await page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Approve Email" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve Email" });
  await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText(
    "40,000 pending mailboxes will be approved",
  );
  await dialog.getByLabel("Type 40,000 to confirm").fill("40000");
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog.getByRole("progressbar", { name: "Approval progress" })).toBeVisible();
  const jobPath = (await dialog.getByRole("link", { name: "job page" }).getAttribute("href"))!;
  const jobId = Number(jobPath.split("/").at(-1));

  // Replayed over HTTP with sam's cookie (he sees the job: he is its environment's System Administrator), Cancel is refused.
  const replay = await callAction(samClient, CANCEL, [{ slug: JOB_CANCEL.slug, jobId }], jobPath);
  expect(replay.value).toMatchObject({ status: "refused", reason: "NOT_STARTER_OR_TENANT_ADMIN", code: "0x80040220" });

  await page.goto(jobPath);
  await expect(page.getByRole("heading", { level: 1, name: "Approve Email: 40,000 mailboxes" })).toBeVisible();
  await page.getByRole("toolbar", { name: "Job commands" }).getByRole("button", { name: "Cancel job" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel this job" });
  await expect(confirm).toContainText("The job stops after the batch it is working on.");
  await confirm.getByRole("button", { name: "OK" }).click();
  const notice = page.getByRole("status", { name: "The job was cancelled" });
  await expect(notice).toContainText("Ava Alvarez cancelled it after", { timeout: 30_000 });
  await expect(page.getByRole("region", { name: "Progress" })).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: "Cancel job" })).toHaveCount(0);

  // What it did stays done, and nothing more: the grid counts exactly the rows the job page says.
  const progress = await page.getByRole("status", { name: "Job progress" }).textContent();
  const done = Number(new RegExp(`^(\\d+) of ${TOTAL} done · 0 refused$`).exec(progress ?? "")?.[1]);
  expect(done).toBeLessThan(TOTAL);
  await expect(notice).toContainText(`after ${done.toLocaleString("en-US")} of 40,000; the rest were not touched.`);
  await expect(await viewCount(page, "approved")).toContainText(`${done} mailboxes in this view`);
  await expect(await viewCount(page, "pending")).toContainText(`${TOTAL - done} mailboxes in this view`);

  // Sam, trying again now, is still refused for his rights, and the job stays as ava left it.
  const again = await callAction(samClient, CANCEL, [{ slug: JOB_CANCEL.slug, jobId }], jobPath);
  expect(again.value).toMatchObject({ status: "refused", reason: "NOT_STARTER_OR_TENANT_ADMIN" });
  await samClient.dispose();

  // The job page and the jobs list share one breadcrumb trail.
  await page.goto(jobPath);
  await expect(page.getByRole("status", { name: "The job was cancelled" })).toContainText("Ava Alvarez");
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toHaveText(
    /Environments\s*›\s*Contoso Job Cancel\s*›\s*Mailboxes\s*›\s*Background jobs\s*›\s*Job \d+/,
  );
  await crumbs.getByRole("link", { name: "Background jobs" }).click();
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(
    /Environments\s*›\s*Contoso Job Cancel\s*›\s*Mailboxes\s*›\s*Background jobs\s*$/,
  );
  const row = page.getByRole("table", { name: "Recent jobs" }).getByRole("row", { name: /Approve Email: 40,000/ });
  await expect(row).toContainText("Cancelled");
  await expect(row).toContainText(`${done} / ${TOTAL}`);
});
