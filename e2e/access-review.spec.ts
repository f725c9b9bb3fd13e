import type { Page } from "@playwright/test";
import { REVIEWS } from "./fixtures/review-people";
import { expect, test } from "./personas";

const { delegator: rhea, holders } = REVIEWS;

/** Hugo opens Kira's pending mailbox in Contoso Reviews: the mailbox he approves (or no longer may). */
async function openKirasMailbox(page: Page) {
  await page.goto(`/environments/${REVIEWS.slug}/mailboxes?view=pending&q=${encodeURIComponent(holders.kira.alias)}`);
  await page.getByRole("grid", { name: "Mailboxes" }).getByRole("link", { name: holders.kira.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: holders.kira.name })).toBeVisible();
  return page.getByRole("toolbar", { name: "Mailbox commands" }).getByRole("button", { name: "Approve Email" });
}

test("an access review answered Remove for one holder, applied early: that holder can no longer approve", async ({
  signedIn,
}) => {
  test.slow();
  const hugo = await signedIn(holders.hugo.alias);
  const approveBefore = await openKirasMailbox(hugo);
  await expect(approveBefore).not.toHaveAttribute("aria-disabled", "true");
  await expect(hugo.getByRole("region", { name: "You can approve this" })).toBeVisible();

  // Rhea, an Exchange Administrator, starts a review of Contoso Reviews with herself as reviewer.
  const page = await signedIn(rhea.alias);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access reviews" }).click();
  await page.getByRole("link", { name: "Start a review" }).click();
  const name = `Reviews approvers ${Date.now()}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("checkbox", { name: REVIEWS.name }).check();
  await page.getByRole("radio", { name: "Named people" }).check();
  await page.getByRole("checkbox", { name: `${rhea.name} (${rhea.upn})` }).check();
  await expect(page.getByRole("radio", { name: "Flag them for follow-up (the role stays)" })).toBeChecked();
  await page.getByRole("button", { name: "Start review" }).click();

  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const items = page.getByRole("table", { name: "Review items" });
  const row = (holder: { name: string }) => items.getByRole("row", { name: new RegExp(holder.name) });
  await expect(items.getByRole("row")).toHaveCount(4);
  await expect(row(holders.hugo)).toContainText(`Approves ${REVIEWS.name} mailboxes`);
  await expect(row(holders.hugo)).toContainText("None since assigned");
  await expect(row(holders.tess)).not.toContainText("No end date");

  // Remove for Hugo, one row, with a note.
  await row(holders.hugo)
    .getByRole("button", { name: `Remove ${holders.hugo.name}` })
    .click();
  const removeDialog = page.getByRole("dialog", { name: `Remove: ${holders.hugo.name}` });
  await removeDialog.getByLabel("Note (optional)").fill("No approvals this quarter");
  await removeDialog.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("status", { name: "Answer saved" })).toContainText(
    `Answered Remove for ${holders.hugo.name}`,
  );
  await expect(row(holders.hugo)).toHaveCount(0);

  // Keep for Kira, through the bulk commands; Tess stays unanswered.
  await row(holders.kira)
    .getByRole("checkbox", { name: `Select ${holders.kira.name}` })
    .check();
  await page.getByRole("button", { name: "Keep selected (1)" }).click();
  await page
    .getByRole("dialog", { name: `Keep: ${holders.kira.name}` })
    .getByRole("button", { name: "Keep" })
    .click();
  await expect(items.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Answered (2)" })).toBeVisible();

  // Applied early by its starter: the result page shows every outcome.
  await page.getByRole("toolbar", { name: "Review commands" }).getByRole("button", { name: "Apply now" }).click();
  const confirm = page.getByRole("dialog", { name: "Apply the review now" });
  await expect(confirm).toContainText("1 unanswered: flag them for follow-up (the role stays).");
  await confirm.getByRole("button", { name: "OK" }).click();
  await expect(page.getByRole("main")).toContainText("1 removed, 1 kept, 1 flagged, 0 no longer held");
  await expect(row(holders.hugo)).toContainText("Removed");
  await expect(row(holders.hugo)).toContainText("No approvals this quarter");
  await expect(row(holders.kira)).toContainText("Kept");
  await expect(row(holders.tess)).toContainText("Flagged — not reviewed");

  const csvHref = (await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!;
  const csv = await page.request.get(csvHref);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe(
    "environment,holder,email,assigned_on_utc,end_date_utc,justification,last_approval_with_role_utc,answer,note,answered_by,answered_on_utc,outcome",
  );
  expect(lines).toHaveLength(4);
  expect(lines.find((l) => l.includes(holders.hugo.upn))).toMatch(
    new RegExp(
      `^${REVIEWS.name},${holders.hugo.name},${holders.hugo.upn},.*,remove,No approvals this quarter,${rhea.name},.*,Removed$`,
    ),
  );

  // Hugo no longer holds the role: Approve Email is refused, and the explainer says which condition failed.
  const approveAfter = await openKirasMailbox(hugo);
  await expect(approveAfter).toHaveAttribute("aria-disabled", "true");
  const why = hugo.getByRole("region", { name: "Why can't I approve this?" });
  await expect(why).toContainText("NOT_TENANT_ADMIN_OR_DMA");
  await expect(why.getByRole("listitem").filter({ hasText: "You hold Delegated Mailbox Approver here" })).toContainText(
    "not met:",
  );

  // Hugo is no tenant admin: no Access reviews in his navigation, the page says why, the CSV is not found.
  await expect(
    hugo.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Access reviews" }),
  ).toHaveCount(0);
  await hugo.goto("/tenant/access-reviews");
  await expect(hugo.getByRole("status", { name: "You cannot see access reviews" })).toBeVisible();
  expect((await hugo.request.get(csvHref)).status()).toBe(404);
});
