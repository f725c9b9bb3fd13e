import { runCommand } from "./admin-helpers";
import { expect, test } from "./personas";

// Contoso Onboarding (e2e/fixtures/bulk-environment.ts) holds 1,200 pending queue mailboxes that
// no other spec reads: enough for a run that goes to the background.
const PENDING = "/environments/onboarding/mailboxes?view=pending";

test("ava approves 1,200 mailboxes: a progress bar, the run goes on after the dialog closes, the result stays reachable", async ({
  signedIn,
}) => {
  test.slow();
  const page = await signedIn("ava");
  await page.goto(PENDING);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  await grid.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("button", { name: "Select all 1200 matching" }).click();

  const dialog = await runCommand(page, "Approve Email");
  await expect(dialog.getByRole("list", { name: "Pre-check" })).toContainText(
    "1,200 pending mailboxes will be approved",
  );
  await expect(dialog).toContainText("This many mailboxes run in the background, with a progress bar.");
  // Over 100 changes: OK waits for the number, typed.
  await expect(dialog.getByRole("button", { name: "OK" })).toBeDisabled();
  await dialog.getByLabel("Type 1,200 to confirm").fill("1200");
  await dialog.getByRole("button", { name: "OK" }).click();
  const progress = dialog.getByRole("progressbar", { name: "Approval progress" });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("max", "1200");
  await expect(dialog.getByRole("status", { name: "Run progress" })).toContainText("of 1,200 done");

  // Closing the dialog stops nothing: the grid names the run and links to it.
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  const notice = page.getByRole("status", { name: "Approve Email: 1,200 mailboxes" });
  await expect(notice).toBeVisible();
  await notice.getByRole("link", { name: /View (progress|results)/ }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Approve Email: 1,200 mailboxes" })).toBeVisible();
  // The run goes on in the background, paced to leave the server responsive: on a loaded machine it
  // takes longer than an assertion's 10 s.
  await expect(page.getByRole("status", { name: "Job progress" })).toHaveText("1200 of 1200 done · 0 refused", {
    timeout: 120_000,
  });
  const summary = page.getByLabel("Job summary");
  await expect(summary.getByText("Changed", { exact: true }).locator("xpath=following-sibling::dd")).toHaveText("1200");
  await expect(summary.getByText("Refused", { exact: true }).locator("xpath=following-sibling::dd")).toHaveText("0");
  await expect(page.getByRole("table", { name: "Refused" })).toContainText("No rows refused.");
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Mailboxes" }),
  ).toBeVisible();
  const jobUrl = page.url();

  // The run's page belongs to the environment's mailboxes grid: bob, no member of Onboarding, is told "not found".
  const bob = await signedIn("bob");
  await bob.goto(jobUrl);
  await expect(bob.getByRole("heading", { name: /not found/i })).toBeVisible();
  await expect(bob.getByText("Approve Email: 1,200 mailboxes")).toHaveCount(0);

  await page.goto(PENDING);
  await expect(page.getByRole("grid", { name: "Mailboxes" })).not.toContainText("Intake");
  await page.goto("/environments/onboarding/mailboxes?view=approved&q=intake0600");
  await expect(page.getByRole("grid", { name: "Mailboxes" }).getByRole("row", { name: /Intake 0600/ })).toContainText(
    "Ava Alvarez",
  );

  // Long after the notice is gone, the run stays listed under Background jobs.
  await page.getByRole("link", { name: "Background jobs" }).click();
  const run = page
    .getByRole("table", { name: "Recent jobs" })
    .getByRole("row", { name: /Approve Email: 1,200 mailboxes/ });
  await expect(run).toContainText("Finished");
  await expect(run).toContainText("1200 / 1200");
  await run.getByRole("link", { name: "Approve Email: 1,200 mailboxes" }).click();
  await expect(page).toHaveURL(jobUrl);
});
