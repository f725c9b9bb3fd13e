import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { storageStateOf } from "../personas";

// Issue 17, WCAG 1.4.10 Reflow: pages work at 320 CSS px without scrolling the page sideways.
// 1280 × 720 at 200% zoom is emulated as its CSS viewport, 640 × 360, with deviceScaleFactor 2 (how
// Chromium lays a zoomed page out: half the CSS pixels, each drawn twice as large).
const SIZES = [
  { name: "320 × 640", viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
  { name: "1280 × 720 at 200% zoom", viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 },
];

const pageScroll = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });

async function expectReflows(page: Page, primary: Locator) {
  const { scrollWidth, clientWidth } = await pageScroll(page);
  expect(scrollWidth, "the page does not scroll sideways").toBeLessThanOrEqual(clientWidth);
  await primary.scrollIntoViewIfNeeded();
  await expect(primary).toBeInViewport({ ratio: 1 });
}

const contextFor = (browser: Browser, size: (typeof SIZES)[number], signedIn: boolean) =>
  browser.newContext({
    viewport: size.viewport,
    deviceScaleFactor: size.deviceScaleFactor,
    ...(signedIn ? { storageState: storageStateOf("ava") } : {}),
  });

for (const size of SIZES) {
  test(`${size.name}: the sign-in form fits and its button shows`, async ({ browser }) => {
    const context = await contextFor(browser, size, false);
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.getByLabel("Email")).toBeVisible();
    await expectReflows(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await context.close();
  });

  test(`${size.name}: the mailboxes grid scrolls in its own region and the navigation is a menu`, async ({
    browser,
  }) => {
    const context = await contextFor(browser, size, true);
    const page = await context.newPage();
    await page.goto("/environments/production/mailboxes?view=pending");
    const grid = page.getByRole("grid", { name: "Mailboxes" });
    await expect(grid.getByRole("row")).toHaveCount(21);
    await expectReflows(page, page.getByRole("button", { name: "Approve Email" }));
    // The grid is wider than the screen and scrolls inside its labelled, focusable region instead.
    const region = page.getByRole("group", { name: "Mailboxes" });
    const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeGreaterThan(0);

    // The left navigation is a disclosure behind the Menu button; Escape closes it and focus returns.
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("link", { name: "Mailboxes" })).toBeVisible();
    expect((await pageScroll(page)).scrollWidth).toBeLessThanOrEqual((await pageScroll(page)).clientWidth);
    await nav.getByRole("link", { name: "Mailboxes" }).focus();
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();
    // The header's controls wrapped onto the page rather than off it.
    await expect(page.getByRole("button", { name: "Account menu for Ava Alvarez" })).toBeInViewport();
    await context.close();
  });

  test(`${size.name}: a mailbox page fits and its Approve Email command shows`, async ({ browser }) => {
    const context = await contextFor(browser, size, true);
    const page = await context.newPage();
    await page.goto("/environments/production/mailboxes?view=pending");
    const first = page.getByRole("grid", { name: "Mailboxes" }).getByRole("row").nth(1).getByRole("link");
    await page.goto((await first.getAttribute("href"))!);
    await expect(page.getByRole("region", { name: "General" })).toBeVisible();
    await expectReflows(page, page.getByRole("button", { name: "Approve Email" }));
    await context.close();
  });
}
