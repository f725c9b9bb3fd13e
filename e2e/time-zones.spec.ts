import type { Browser } from "@playwright/test";
import { chooseUser, dmaPage, fillEndDate, holderRow } from "./admin-helpers";
import { expect, storageStateOf, test } from "./personas";
import { e2eDatabase } from "./security/e2e-db";
import { TIME_ZONES } from "./time-zone-people";

// Issue 17, item 9: times read in the viewer's zone (the browser's, which Playwright sets per
// context), with the zone's name, and in UTC on hover and on keyboard focus. The config pins every
// other spec to UTC; these contexts choose their own zone.
// Slow: each test opens contexts of its own and saves through the server on a shared 2-core machine.
test.slow();

async function avaIn(browser: Browser, timezoneId: string) {
  const context = await browser.newContext({ storageState: storageStateOf("ava"), timezoneId });
  return { context, page: await context.newPage() };
}

function mailboxPath() {
  const db = e2eDatabase();
  try {
    const { id } = db.one<{ id: number }>(
      "select m.id from mailboxes m join environments e on e.id = m.environment_id where e.slug = ?",
      TIME_ZONES.slug,
    );
    return `/environments/${TIME_ZONES.slug}/mailboxes/${id}`;
  } finally {
    db.close();
  }
}

test("a seeded approval reads in Kolkata time with the zone's name, and in UTC on hover and on focus", async ({
  browser,
}) => {
  const { context, page } = await avaIn(browser, "Asia/Kolkata");
  await page.goto(mailboxPath());
  const approvedOn = page.locator(`time[datetime="${TIME_ZONES.approvedAt}"]`);
  // The first visit in a new zone writes the cookie and renders the page again in that zone.
  await expect(approvedOn).toContainText("1 Jul 2026, 17:30 IST");
  await expect(approvedOn).toHaveAccessibleDescription("1 Jul 2026, 12:00 UTC");
  await expect(page.getByRole("tooltip")).toHaveCount(0);

  await approvedOn.hover();
  await expect(page.getByRole("tooltip")).toHaveText("1 Jul 2026, 12:00 UTC");
  await page.mouse.move(0, 0);
  await expect(page.getByRole("tooltip")).toHaveCount(0);
  await approvedOn.focus();
  await expect(page.getByRole("tooltip")).toHaveText("1 Jul 2026, 12:00 UTC");

  // From then on the server writes Kolkata time into the HTML itself: nothing to correct later.
  const html = await (await page.request.get(mailboxPath())).text();
  expect(html).toContain("1 Jul 2026, 17:30 IST");
  await context.close();
});

test("an end date picked as 30 Jun 2030 18:00 in New York is stored as that instant, and reads so in UTC", async ({
  browser,
  signedIn,
}) => {
  const { context, page } = await avaIn(browser, "America/New_York");
  await page.goto(dmaPage(TIME_ZONES.slug));
  await page.getByRole("toolbar", { name: "Delegation commands" }).getByRole("button", { name: "Delegate" }).click();
  const panel = page.getByRole("dialog", { name: "Delegate Delegated Mailbox Approver" });
  await expect(panel.getByText("In your time zone, America/New_York.", { exact: false })).toBeVisible();
  await chooseUser(panel, `${TIME_ZONES.delegate.name} (${TIME_ZONES.delegate.upn})`);
  await panel.getByLabel("Justification").fill("Covers New York mornings");
  await fillEndDate(panel, "2030-06-30T18:00");
  await panel.getByRole("button", { name: "Delegate" }).click();
  await expect(panel).toBeHidden();
  const row = holderRow(page, TIME_ZONES.delegate.name);
  await expect(row).toContainText("30 Jun 2030, 18:00 EDT");
  // "Assigned on" carries the time of day, in the viewer's zone.
  await expect(row.locator("time").first()).toContainText(/^\d{1,2} \w{3,4} \d{4}, \d{2}:\d{2} E[SD]T/);
  await context.close();

  const db = e2eDatabase();
  try {
    const { ends_at } = db.one<{ ends_at: number }>(
      `select a.ends_at from user_role_assignments a
         join security_roles r on r.id = a.role_id and r.key = 'delegated_mailbox_approver'
         join environment_users u on u.id = a.environment_user_id
         join environments e on e.id = u.environment_id
       where e.slug = ? and u.email = ?`,
      TIME_ZONES.slug,
      TIME_ZONES.delegate.upn,
    );
    expect(new Date(ends_at).toISOString()).toBe("2030-06-30T22:00:00.000Z");
  } finally {
    db.close();
  }

  const utc = await signedIn("ava");
  await utc.goto(dmaPage(TIME_ZONES.slug));
  const utcRow = holderRow(utc, TIME_ZONES.delegate.name);
  await expect(utcRow).toContainText("30 Jun 2030, 22:00 UTC");
  await utcRow.locator("time", { hasText: "30 Jun 2030, 22:00 UTC" }).hover();
  await expect(utc.getByRole("tooltip")).toHaveText("30 Jun 2030, 22:00 UTC");
});
