import { expect, test } from "../personas";
import { AGES } from "./people";

// The approval queue in Contoso Queue Ages (e2e/fixtures/notify-environment.ts), read only: queue
// mailboxes pending for 2 and 5 hours, 2, 3 and 6 days, and 10 days.

test("the overview shows the oldest pending age and pending mailboxes by age; each bucket opens the Pending view sorted by Pending since", async ({
  signedIn,
}, testInfo) => {
  const page = await signedIn(AGES.vera.alias);
  await page.goto(`/environments/${AGES.slug}`);
  const chart = page.getByRole("region", { name: "Pending approval by age" });
  await expect(chart.getByTestId("oldest-pending")).toHaveText("10 days");
  const buckets = chart.getByRole("list", { name: "Pending mailboxes by age" });
  await expect(buckets.getByRole("link")).toHaveText([
    /^Less than 1 day\s*2$/,
    /^1 to 7 days\s*3$/,
    /^More than 7 days\s*1$/,
  ]);
  await testInfo.attach("overview", { body: await chart.screenshot(), contentType: "image/png" });

  await buckets.getByRole("link", { name: "1 to 7 days: 3 pending" }).click();
  await expect(page).toHaveURL(/view=pending&age=1to7d&sort=pendingSince&dir=asc$/);
  const grid = page.getByRole("grid", { name: "Mailboxes" });
  const names = grid.getByRole("row", { name: /Select Age/ }).getByRole("link");
  await expect(names).toHaveText(["Age 6 days", "Age 3 days", "Age 2 days"]);
  await expect(grid.getByRole("columnheader", { name: "Pending since ↑" })).toHaveAttribute("aria-sort", "ascending");
  for (const cell of await grid.getByTestId("pending-since").all())
    await expect(cell).toHaveText(/^\d{1,2} \w{3} \d{4}, /);
  await testInfo.attach("pending view", { body: await grid.screenshot(), contentType: "image/png" });

  await grid.getByRole("link", { name: "Pending since ↑" }).click();
  await expect(names).toHaveText(["Age 2 days", "Age 3 days", "Age 6 days"]);

  await page.getByRole("link", { name: "Show all pending" }).click();
  await expect(grid.getByRole("row", { name: /Select Age/ })).toHaveCount(6);
  await expect(page.getByRole("navigation", { name: "Mailbox pages" })).toContainText("6 mailboxes in this view");
});
