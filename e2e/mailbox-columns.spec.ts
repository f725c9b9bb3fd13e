import type { Browser, Page } from "@playwright/test";
import { signInAndWait } from "./helpers";
import { expect, test } from "./personas";
import { TIME_ZONES } from "./time-zone-people";

// Issue 17, item 5: the mailboxes grid fits a 1440 px screen with its default columns, names stay
// on one line, and each person chooses the optional columns they see (kept in the database).
test.use({ viewport: { width: 1440, height: 900 } });
// Slow: the second test signs two people in through the form.
test.slow();

const grid = (page: Page) => page.getByRole("grid", { name: "Mailboxes" });
const region = (page: Page) => page.getByRole("group", { name: "Mailboxes" });

async function signedInAs(browser: Browser, person: { alias: string; name: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndWait(page, person.alias, person.name);
  return { context, page };
}

test("with the default columns the Production grid fits 1440 px: no sideways scroll, one line per row", async ({
  signedIn,
}) => {
  const page = await signedIn("evan");
  await page.goto("/environments/production/mailboxes");
  await expect(grid(page).getByRole("columnheader", { name: "Approved by" })).toBeVisible();
  await expect(grid(page).getByRole("columnheader", { name: "Last tested" })).toBeVisible();
  const box = await region(page).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(box.scroll).toBeLessThanOrEqual(box.client);
  const heights = await grid(page)
    .locator("tbody tr")
    .evaluateAll((rows) => [...new Set(rows.map((r) => Math.round(r.getBoundingClientRect().height)))]);
  expect(heights).toHaveLength(1);
  // A name too long for its column is cut on one line, with the whole name on hover.
  const first = grid(page).locator("tbody tr").first().getByRole("link");
  await expect(first).toHaveAttribute("title", (await first.textContent())!);
});

test("Last tested hidden from the Columns menu stays hidden after a reload, and only for that person", async ({
  browser,
}) => {
  const address = `/environments/${TIME_ZONES.slug}/mailboxes`;
  const hana = await signedInAs(browser, TIME_ZONES.columns.hider);
  await hana.page.goto(address);
  const lastTested = grid(hana.page).getByRole("columnheader", { name: "Last tested" });
  await expect(lastTested).toBeVisible();

  const toolbar = hana.page.getByRole("toolbar", { name: "Mailbox commands" });
  await toolbar.getByRole("button", { name: "Columns" }).click();
  const menu = toolbar.getByRole("group", { name: "Columns shown" });
  await menu.getByRole("checkbox", { name: "Last tested" }).uncheck();
  await expect(lastTested).toHaveCount(0);
  await expect(menu.getByRole("status")).toHaveText("Saved for you.");
  await hana.page.keyboard.press("Escape");
  await expect(menu).toBeHidden();

  await hana.page.reload();
  await expect(grid(hana.page).getByRole("columnheader", { name: "Approved by" })).toBeVisible();
  await expect(grid(hana.page).getByRole("columnheader", { name: "Last tested" })).toHaveCount(0);
  await hana.context.close();

  const otto = await signedInAs(browser, TIME_ZONES.columns.other);
  await otto.page.goto(address);
  await expect(grid(otto.page).getByRole("columnheader", { name: "Last tested" })).toBeVisible();
  await otto.context.close();
});
